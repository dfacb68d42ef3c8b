// A PNG's metadata taken out before it is stored: text chunks (tEXt, zTXt, iTXt: author, software,
// comments, XMP), Exif (eXIf: GPS position, camera) and the time stamp (tIME). Every chunk's CRC is
// checked, and the file must run from IHDR through IDAT to IEND: a damaged file is not a photo. Pure.
import { crc32 } from 'node:zlib';
import { BrokenImage, StrippedImage } from './broken-image';
import { GpsPosition, tiffGps } from './tiff-gps';

const SIGNATURE = 8;
const dropped = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

export function stripPng(b: Uint8Array): StrippedImage {
  const parts: Uint8Array[] = [b.subarray(0, SIGNATURE)];
  let gps: GpsPosition | undefined;
  let at = SIGNATURE;
  let first = true;
  let idat = false;
  for (;;) {
    if (at + 12 > b.length) throw new BrokenImage('PNG 在 IEND 之前中断');
    const view = new DataView(b.buffer, b.byteOffset + at);
    const length = view.getUint32(0);
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > b.length) throw new BrokenImage(`PNG 数据块 ${type} 超出文件`);
    if (crc32(b.subarray(at + 4, end - 4)) !== new DataView(b.buffer, b.byteOffset + end - 4).getUint32(0)) {
      throw new BrokenImage(`PNG 数据块 ${type} 校验失败`);
    }
    if (first && (type !== 'IHDR' || length !== 13)) throw new BrokenImage('PNG 缺少 IHDR');
    if (first && (view.getUint32(8) === 0 || view.getUint32(12) === 0)) throw new BrokenImage('PNG 图像尺寸无效');
    first = false;
    if (type === 'eXIf') gps ??= tiffGps(b.subarray(at + 8, end - 4));
    if (type === 'IDAT') idat = true;
    if (!dropped.has(type)) parts.push(b.subarray(at, end));
    at = end;
    if (type === 'IEND') {
      if (!idat) throw new BrokenImage('PNG 没有图像数据（IDAT）');
      return { bytes: Buffer.concat(parts), ...(gps ? { gps } : {}) };
    }
  }
}
