// The attachment routes' shapes: the upload's form fields and the metadata every answer carries.
import { z } from 'zod';
import { attachmentKinds, attachmentSteps, AttachmentKind, AttachmentStep } from '../domain/ticket';

const kinds = Object.keys(attachmentKinds) as [AttachmentKind, ...AttachmentKind[]];
const steps = Object.keys(attachmentSteps) as [AttachmentStep, ...AttachmentStep[]];

export const uploadFieldsSchema = z.object({
  kind: z.enum(kinds).meta({ description: 'photo 照片 | document 文件 | recording 录音' }),
  step: z.enum(steps).meta({ description: 'intake 受理 | contact 联系诉求人 | visit 现场见面 | reply 答复 | follow-up 回访' }),
});

export const attachmentViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(kinds),
    step: z.enum(steps),
    contentType: z.string().meta({ description: 'from the file’s content (magic bytes), not its name' }),
    size: z.number().int().meta({ description: 'bytes as stored: a photo’s metadata (Exif, GPS, XMP, text chunks) removed' }),
    sha256: z.string(),
    at: z.string(),
    by: z.string(),
  })
  .meta({ id: 'Attachment' });

export const uploadAnswerSchema = attachmentViewSchema
  .extend({
    gps: z.object({ latitude: z.number(), longitude: z.number() }).optional().meta({
      description:
        'the position the photo carried before its metadata was removed, offered as the request’s place; not stored: the client sets it as the location only if the person chooses it',
    }),
  })
  .meta({ id: 'AttachmentUploaded' });
