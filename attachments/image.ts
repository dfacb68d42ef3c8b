// A photo as stored: its metadata removed, and the GPS position it carried (to be offered to the
// person uploading as the request's place, never stored without their choice). Pure.
import { stripJpeg } from './jpeg';
import { stripPng } from './png';
import { BrokenImage, StrippedImage } from './broken-image';

export { BrokenImage, type StrippedImage };

/** The photo without its metadata; throws BrokenImage for a damaged one. */
export function stripPhoto(contentType: string, bytes: Uint8Array): StrippedImage {
  if (contentType === 'image/jpeg') return stripJpeg(bytes);
  if (contentType === 'image/png') return stripPng(bytes);
  throw new BrokenImage(`不支持的图片类型 ${contentType}`);
}
