// The HS256 secret API tokens are signed with: HOTLINE_JWT_SECRET when set, else a development
// secret generated once and kept in $HOTLINE_DATA_DIR/dev-jwt-secret (mode 0600), so tokens from
// `npm run token` keep working across restarts of the embedded stack. Used by the API and by
// scripts/token.ts; prints nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from './env';

export const DEV_SECRET_FILE = 'dev-jwt-secret';

export interface JwtSecret {
  secret: string;
  source: 'env' | 'dev-file';
  /** The dev secret's file, when that is where it came from. */
  file?: string;
}

export function devSecretPath(env: Pick<Env, 'HOTLINE_DATA_DIR'>): string {
  return path.join(env.HOTLINE_DATA_DIR, DEV_SECRET_FILE);
}

export function resolveJwtSecret(env: Pick<Env, 'HOTLINE_JWT_SECRET' | 'HOTLINE_DATA_DIR'>): JwtSecret {
  if (env.HOTLINE_JWT_SECRET) return { secret: env.HOTLINE_JWT_SECRET, source: 'env' };
  const file = devSecretPath(env);
  const existing = readSecret(file);
  if (existing) return { secret: existing, source: 'dev-file', file };
  fs.mkdirSync(path.dirname(file), { recursive: true });
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
  if (!created) throw new Error(`${file}: the development JWT secret is empty or shorter than 16 characters`);
  return { secret: created, source: 'dev-file', file };
}

function readSecret(file: string): string | undefined {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    return s.length >= 16 ? s : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
