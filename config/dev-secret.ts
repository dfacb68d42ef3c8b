// Secrets with a development fallback: the configured value when set, else a random secret
// generated once and kept in a file of $HOTLINE_DATA_DIR (mode 0600), so that everything started
// from the same data directory (the API, the worker, `npm run token`) agrees on it across restarts.
// Production sets the variable (separate containers do not share a data directory). Prints nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { privateDir } from '../platform/private-files';

export interface ResolvedSecret {
  secret: string;
  source: 'env' | 'dev-file';
  /** The dev secret's file, when that is where it came from. */
  file?: string;
}

/** At least this long; a shorter dev file is treated as absent (and refused once written). */
const MIN_LENGTH = 16;

/** `value` when set; otherwise the secret in `<dataDir>/<fileName>`, created if missing. */
export function resolveDevSecret(value: string | undefined, dataDir: string, fileName: string): ResolvedSecret {
  if (value) return { secret: value, source: 'env' };
  const file = path.join(dataDir, fileName);
  const existing = readSecret(file);
  if (existing) return { secret: existing, source: 'dev-file', file };
  privateDir(path.dirname(file));
  // Written aside, then linked into place: link is atomic and fails if the file exists, so of two
  // processes starting at once one creates it and both read the same complete secret.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const created = readSecret(file);
  if (!created) throw new Error(`${file}: the development secret is empty or shorter than ${MIN_LENGTH} characters`);
  return { secret: created, source: 'dev-file', file };
}

function readSecret(file: string): string | undefined {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    return s.length >= MIN_LENGTH ? s : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
