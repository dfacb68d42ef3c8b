// The embedded store: one file per object under HOTLINE_DATA_DIR/attachments, private to this user
// (platform/private-files.ts). A put writes a temporary file and renames it into place, so a crash
// or a failed write never leaves half an object under the real name.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, privateDir } from '../platform/private-files';
import { checkKey, ObjectStore } from './object-store';

const TEMP_PREFIX = '.tmp-';

export class FsObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    return path.join(this.root, ...checkKey(key));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    privateDir(path.dirname(file));
    const temp = path.join(path.dirname(file), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      await fs.promises.writeFile(temp, bytes, { mode: PRIVATE_FILE_MODE, flush: true });
      await fs.promises.rename(temp, file);
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.promises.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), key);
        // Temporary files are listed too: a leftover one is half an upload.
        else out.push(key);
      }
    };
    await walk(this.root, '');
    return out.filter((k) => k.startsWith(prefix)).sort();
  }
}
