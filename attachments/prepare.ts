// An uploaded file made ready to store: its type from its content and checked against the kind it
// was sent as, a photo's metadata removed (its GPS position kept aside to offer), its digest. Pure.
import { createHash } from 'node:crypto';
import type { AttachmentKind } from '../domain/ticket';
import { stripPhoto } from './image';
import { acceptedTypes, sniff } from './sniff';
import type { GpsPosition } from './tiff-gps';

export interface PreparedFile {
  contentType: string;
  bytes: Buffer;
  sha256: string;
  gps?: GpsPosition;
}

/** The file's content is not of a type the kind accepts (415); the message is for the user. */
export class UnsupportedFile extends Error {}

/** Throws UnsupportedFile, or BrokenImage (image.ts) for a damaged photo. */
export function prepareFile(kind: AttachmentKind, raw: Buffer): PreparedFile {
  const found = sniff(raw);
  if (!found || found.kind !== kind) {
    const seen = found ? `内容为 ${found.contentType}` : '内容不是可识别的类型';
    throw new UnsupportedFile(`文件${seen}，「${kind}」只接受 ${acceptedTypes(kind).join('、')}（按文件内容判断，不看文件名）`);
  }
  const photo = kind === 'photo' ? stripPhoto(found.contentType, raw) : undefined;
  const bytes = photo?.bytes ?? raw;
  return {
    contentType: found.contentType,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(photo?.gps ? { gps: photo.gps } : {}),
  };
}
