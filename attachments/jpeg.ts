// A JPEG's metadata taken out before it is stored: Exif and XMP (APP1: GPS position, camera, owner),
// IPTC (APP13), the other application segments and comments. What draws the picture stays: the
// JFIF header (APP0), the colour profile (APP2 ICC_PROFILE), Adobe's colour transform (APP14), the
// tables, the frame and the scan. The walk also checks the structure: a file cut short or with a
// broken segment is not a photo. Pure.
import { BrokenImage, StrippedImage } from './broken-image';
import { GpsPosition, tiffGps } from './tiff-gps';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;

const startsWith = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));
/** Standalone markers carry no length: TEM and the restart markers. */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** Segments kept: APP0 JFIF/JFXX, APP2 ICC profile, APP14 Adobe; every other APPn and COM goes. */
function keep(marker: number, b: Uint8Array, body: number): boolean {
  if (marker === COM) return false;
  if (marker < APP0 || marker > 0xef) return true;
  if (marker === APP0) return startsWith(b, body, 'JFIF\0') || startsWith(b, body, 'JFXX\0');
  if (marker === APP2) return startsWith(b, body, 'ICC_PROFILE\0');
  return marker === APP14 && startsWith(b, body, 'Adobe');
}

export function stripJpeg(b: Uint8Array): StrippedImage {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== SOI) throw new BrokenImage('缺少 JPEG 文件头');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let gps: GpsPosition | undefined;
  let frame = false;
  let at = 2;
  for (;;) {
    if (at + 4 > b.length) throw new BrokenImage('JPEG 在图像数据之前中断');
    if (b[at] !== 0xff) throw new BrokenImage(`JPEG 段标记错误（偏移 ${at}）`);
    let marker = b[at + 1]!;
    // Fill bytes (0xFF repeated) may precede a marker.
    while (marker === 0xff && at + 2 < b.length) marker = b[++at + 1]!;
    if (standalone(marker)) {
      parts.push(b.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (marker === SOI || marker === EOI) throw new BrokenImage('JPEG 在图像数据之前结束');
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > b.length) throw new BrokenImage(`JPEG 段长度超出文件（偏移 ${at}）`);
    if (marker === APP1 && startsWith(b, at + 4, 'Exif\0\0')) gps ??= tiffGps(b.subarray(at + 10, end));
    if (isFrame(marker)) {
      const height = (b[at + 5]! << 8) | b[at + 6]!;
      const width = (b[at + 7]! << 8) | b[at + 8]!;
      if (length < 8 || width === 0 || height === 0) throw new BrokenImage('JPEG 图像尺寸无效');
      frame = true;
    }
    if (marker === SOS) {
      if (!frame) throw new BrokenImage('JPEG 缺少帧头（SOF）');
      // The scan and what follows it (more scans of a progressive JPEG) up to the end marker.
      const last = lastEoi(b);
      if (last <= end) throw new BrokenImage('JPEG 图像数据不完整（缺少结束标记）');
      parts.push(b.subarray(at, last + 2));
      return { bytes: Buffer.concat(parts), ...(gps ? { gps } : {}) };
    }
    if (keep(marker, b, at + 4)) parts.push(b.subarray(at, end));
    at = end;
  }
}

/** The offset of the last FF D9, allowing trailing padding of zero bytes (some cameras add it). */
function lastEoi(b: Uint8Array): number {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return end >= 2 && b[end - 2] === 0xff && b[end - 1] === EOI ? end - 2 : -1;
}
