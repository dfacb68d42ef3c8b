// The data folder holds citizens' phone numbers (ledger, Temporal's SQLite, SMS and mail files) and
// the dev secrets: no other local user may read or change it, whatever the umask of the shell that
// started us. Folders are 0700 and files 0600. Tools that set modes of their own (PGlite writes its
// files 0666 regardless of the umask) are brought back with `tightenTree`; the folder's 0700 keeps
// others out in between.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and its parents) private, or makes an existing one private. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Writes `file` readable by this user only, also when it already existed with a wider mode. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  privateDir(path.dirname(file));
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}

export async function writePrivateFileAsync(file: string, data: string | Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  await fs.promises.chmod(path.dirname(file), PRIVATE_DIR_MODE);
  await fs.promises.writeFile(file, data, { mode: PRIVATE_FILE_MODE });
  await fs.promises.chmod(file, PRIVATE_FILE_MODE);
}

/** Every folder under `dir` 0700 and every file 0600 (symlinks are left alone, never followed). */
export function tightenTree(dir: string): void {
  if (!fs.existsSync(dir)) return;
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    try {
      if (e.isDirectory()) tightenTree(p);
      else if (e.isFile()) fs.chmodSync(p, PRIVATE_FILE_MODE);
    } catch (err) {
      // A file removed meanwhile (a WAL segment recycled) needs no mode.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/**
 * At the start of a process that writes the data folder: files it and its children (Temporal's dev
 * server) create are private from now on, and what an earlier start left open is closed.
 */
export function secureDataDir(dir: string): void {
  process.umask(0o077);
  try {
    privateDir(dir);
    tightenTree(dir);
  } catch (err) {
    // A production container may run without a writable data folder (PostgreSQL, a Temporal
    // cluster and SMTP configured): nothing will be written there, so nothing to protect.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw err;
    console.warn(`[data] ${dir} cannot be created or made private (${code}); files written there later will fail`);
  }
}
