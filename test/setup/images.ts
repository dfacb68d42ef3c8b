// Test photos: the committed JPEG (made by Chromium's encoder) with an Exif block added as a phone
// camera writes it (GPS position, maker, owner), IPTC and a comment; PNGs of any size built here
// (random pixels, so they do not compress) with text and eXIf chunks.
import fs from 'node:fs';
import path from 'node:path';
import { pngChunk, randomPng } from '../../bench/lib/photo';
import { projectRoot } from '../../platform/paths';

export const SITE_JPEG = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'attachments', 'site.jpg'));
/** What a camera writes about its owner: must be gone from every stored photo. */
export const OWNER = 'Zhang San iPhone 15 Pro SN-8842';
export const GPS = { latitude: 36.0671, longitude: 120.3826 }; // 青岛 市南区

/** A big-endian TIFF block: IFD0 with Make and the GPS IFD pointer; the GPS IFD with N/E and DMS rationals. */
export function exifTiff(gps = GPS, make = OWNER): Buffer {
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    const s = Math.round(((v - d) * 60 - m) * 60 * 10000);
    return [d, 1, m, 1, s, 10000];
  };
  const makeBytes = Buffer.from(`${make}\0`, 'latin1');
  // Layout: header 8 | IFD0 (2 entries) 2+24+4 = 30 → 38 | GPS IFD (4 entries) 2+48+4 = 54 → 92 | lat 24 | lon 24 | make
  const ifd0 = 8;
  const gpsIfd = ifd0 + 30;
  const latAt = gpsIfd + 54;
  const lonAt = latAt + 24;
  const makeAt = lonAt + 24;
  const b = Buffer.alloc(makeAt + makeBytes.length);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
    b.writeUInt16BE(tag, at);
    b.writeUInt16BE(type, at + 2);
    b.writeUInt32BE(count, at + 4);
    if (typeof value === 'string') b.write(value, at + 8, 'latin1');
    else b.writeUInt32BE(value, at + 8);
  };
  b.writeUInt16BE(2, ifd0);
  entry(ifd0 + 2, 0x010f, 2, makeBytes.length, makeAt);
  entry(ifd0 + 14, 0x8825, 4, 1, gpsIfd);
  b.writeUInt16BE(4, gpsIfd);
  entry(gpsIfd + 2, 1, 2, 2, 'N');
  entry(gpsIfd + 14, 2, 5, 3, latAt);
  entry(gpsIfd + 26, 3, 2, 2, 'E');
  entry(gpsIfd + 38, 4, 5, 3, lonAt);
  dms(gps.latitude).forEach((v, i) => b.writeUInt32BE(v, latAt + i * 4));
  dms(gps.longitude).forEach((v, i) => b.writeUInt32BE(v, lonAt + i * 4));
  makeBytes.copy(b, makeAt);
  return b;
}

const segment = (marker: number, body: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};

/** The site photo as a phone writes it: Exif (GPS, owner), XMP, IPTC and a comment after SOI. */
export function cameraJpeg(gps = GPS): Buffer {
  return Buffer.concat([
    SITE_JPEG.subarray(0, 2),
    segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(gps)])),
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>${OWNER}</dc:creator></x:xmpmeta>`, 'latin1')),
    segment(0xed, Buffer.from(`Photoshop 3.0\0 8BIM IPTC by-line ${OWNER}`, 'latin1')),
    segment(0xfe, Buffer.from(`comment ${OWNER}`, 'latin1')),
    SITE_JPEG.subarray(2),
  ]);
}

/** A `width`×`height` RGB PNG of random pixels, with an author text chunk and an eXIf GPS block. */
export const cameraPng = (width = 16, height = 16, gps = GPS): Buffer =>
  randomPng(width, height, [pngChunk('tEXt', Buffer.from(`Author\0${OWNER}`, 'latin1')), pngChunk('eXIf', exifTiff(gps))]);
