// Once per `npm run test:reliability`: one bundle of the workflow code for the in-process workers
// (the crash test's worker is its own process, compiled, with the bundle `npm run build` wrote).
import path from 'node:path';
import { cacheDir } from '../../../platform/paths';
import { ensureTemporalCli } from '../../../platform/temporal-cli';
import { writeWorkflowBundle } from '../../../worker/workflow-bundle';

export default async function globalSetup(): Promise<void> {
  await ensureTemporalCli((m) => console.log(`[global-setup] ${m}`));
  const bundlePath = path.join(cacheDir, 'reliability', 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.HOTLINE_TEST_WORKFLOW_BUNDLE = bundlePath;
}
