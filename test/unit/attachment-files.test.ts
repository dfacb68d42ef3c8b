// The attachment files' pure parts: type from content, photo metadata stripped (Exif, XMP, IPTC,
// comments, PNG text and eXIf) with the GPS position read before, damaged images refused, and the
// sealed format (key id with the object, rotation, the object's key bound in).
import { randomBytes } from 'node:crypto';
import { BrokenImage, stripPhoto } from '../../attachments/image';
import { checkKey } from '../../attachments/object-store';
import { prepareFile, UnsupportedFile } from '../../attachments/prepare';
import { open, seal, sealedKeyId } from '../../attachments/seal';
import { sniff } from '../../attachments/sniff';
import { tiffGps } from '../../attachments/tiff-gps';
import type { KeyRing } from '../../codec/key-ring';
import { cameraJpeg, cameraPng, exifTiff, GPS, OWNER, SITE_JPEG } from '../setup/images';

const ring = (current: string, ...ids: string[]): KeyRing => ({ current, keys: new Map(ids.map((id) => [id, Buffer.alloc(32, id)])) });

describe('type from content', () => {
  test('JPEG, PNG, PDF and recordings by their magic bytes; a script named .jpg is nothing', () => {
    expect(sniff(SITE_JPEG)).toEqual({ contentType: 'image/jpeg', kind: 'photo' });
    expect(sniff(cameraPng())).toEqual({ contentType: 'image/png', kind: 'photo' });
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toEqual({ contentType: 'application/pdf', kind: 'document' });
    expect(sniff(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toEqual({ contentType: 'audio/wav', kind: 'recording' });
    expect(sniff(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBeUndefined();
    expect(sniff(Buffer.from('<svg onload="alert(1)">'))).toBeUndefined();
  });

  test('a file whose content is not of the kind it was sent as is refused', () => {
    expect(() => prepareFile('photo', Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(UnsupportedFile);
    expect(() => prepareFile('document', SITE_JPEG)).toThrow(/只接受 application\/pdf/);
  });
});

describe('photo metadata', () => {
  test('the GPS position is read from an Exif block', () => {
    expect(tiffGps(exifTiff())).toEqual({ latitude: expect.closeTo(GPS.latitude, 5), longitude: expect.closeTo(GPS.longitude, 5) });
    expect(tiffGps(exifTiff({ latitude: 0.5, longitude: 179.25 }))).toEqual({ latitude: 0.5, longitude: 179.25 });
    expect(tiffGps(Buffer.from('MM\0*\0\0\0\x08\0\0'))).toBeUndefined(); // an IFD0 without GPS
    expect(tiffGps(Buffer.from('MM\0*\xff\xff\xff\xff'))).toBeUndefined(); // IFD0 past the end
  });

  test('JPEG: Exif, XMP, IPTC and comments go; JFIF, ICC and the picture stay byte for byte', () => {
    const camera = cameraJpeg();
    const { bytes, gps } = stripPhoto('image/jpeg', camera);
    expect(gps).toEqual({ latitude: expect.closeTo(GPS.latitude, 5), longitude: expect.closeTo(GPS.longitude, 5) });
    expect(bytes.includes(OWNER)).toBe(false);
    expect(bytes.includes('Exif')).toBe(false);
    // The fixture had no metadata of its own: stripping the camera's gives the fixture back.
    expect(bytes.equals(SITE_JPEG)).toBe(true);
    expect(stripPhoto('image/jpeg', bytes).gps).toBeUndefined();
  });

  test('PNG: tEXt and eXIf go, the image chunks stay', () => {
    const camera = cameraPng(8, 4);
    const { bytes, gps } = stripPhoto('image/png', camera);
    expect(gps?.latitude).toBeCloseTo(GPS.latitude, 5);
    expect(bytes.includes(OWNER)).toBe(false);
    expect(bytes.includes('eXIf')).toBe(false);
    expect(bytes.includes('IDAT')).toBe(true);
    expect(bytes.length).toBeLessThan(camera.length);
  });

  test.each([
    ['a JPEG cut in its scan', () => cameraJpeg().subarray(0, cameraJpeg().length - 200), 'image/jpeg'],
    ['a JPEG cut in a header', () => SITE_JPEG.subarray(0, 40), 'image/jpeg'],
    ['a JPEG without its frame header', () => Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]), 'image/jpeg'],
    ['a PNG with a damaged chunk', () => flip(cameraPng(), 60), 'image/png'],
    ['a PNG cut before IEND', () => cameraPng().subarray(0, 80), 'image/png'],
  ])('%s is a broken image', (_name, bytes, type) => {
    expect(() => stripPhoto(type, bytes())).toThrow(BrokenImage);
  });
});

const flip = (b: Buffer, at: number) => {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 0xff;
  return c;
};

describe('sealed objects', () => {
  test('AES-256-GCM under the current key, its id in the object; the plain bytes are not in it', () => {
    const plain = randomBytes(4096);
    const sealed = seal(ring('k1', 'k1'), 'tickets/T-1/att-1', plain);
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(sealed.includes(plain.subarray(0, 32))).toBe(false);
    expect(open(ring('k1', 'k1'), 'tickets/T-1/att-1', sealed).equals(plain)).toBe(true);
  });

  test('rotation: a new current key seals new objects, old ones still open; a retired key does not', () => {
    const old = seal(ring('k1', 'k1'), 'tickets/T-1/a', Buffer.from('old'));
    const rotated = ring('k2', 'k1', 'k2');
    const fresh = seal(rotated, 'tickets/T-1/b', Buffer.from('new'));
    expect(sealedKeyId(fresh)).toBe('k2');
    expect(open(rotated, 'tickets/T-1/a', old).toString()).toBe('old');
    expect(() => open(ring('k2', 'k2'), 'tickets/T-1/a', old)).toThrow(/no longer holds/);
  });

  test('an object altered, or copied under another name, does not open', () => {
    const sealed = seal(ring('k1', 'k1'), 'tickets/T-1/a', Buffer.from('evidence'));
    expect(() => open(ring('k1', 'k1'), 'tickets/T-2/a', sealed)).toThrow();
    expect(() => open(ring('k1', 'k1'), 'tickets/T-1/a', flip(sealed, sealed.length - 20))).toThrow();
  });

  test('object keys cannot leave their folder', () => {
    expect(checkKey('tickets/T-1/att-1')).toEqual(['tickets', 'T-1', 'att-1']);
    for (const bad of ['tickets/../x', 'tickets/./x', '/etc/passwd', 'tickets//x', 'a/.hidden']) expect(() => checkKey(bad)).toThrow();
  });
});
