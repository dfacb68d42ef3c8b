// The attachment API against the embedded store: files under a private temporary folder.
import { fsAttachments } from '../setup/attachments';
import { attachmentApiSuite } from '../setup/attachment-suite';

attachmentApiSuite({
  name: 'filesystem',
  open: async (limits) => {
    const { config, remove } = fsAttachments(limits);
    return { config, close: async () => remove() };
  },
});
