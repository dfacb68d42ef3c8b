// The HS256 secret API tokens are signed with: HOTLINE_JWT_SECRET when set, else a development
// secret generated once and kept in $HOTLINE_DATA_DIR/dev-jwt-secret (config/dev-secret.ts), so
// tokens from `npm run token` keep working across restarts of the embedded stack. Used by the API
// and by scripts/token.ts.
import { ResolvedSecret, resolveDevSecret } from './dev-secret';
import type { Env } from './env';

export const DEV_SECRET_FILE = 'dev-jwt-secret';

export type JwtSecret = ResolvedSecret;

export function resolveJwtSecret(env: Pick<Env, 'HOTLINE_JWT_SECRET' | 'HOTLINE_DATA_DIR'>): JwtSecret {
  return resolveDevSecret(env.HOTLINE_JWT_SECRET, env.HOTLINE_DATA_DIR, DEV_SECRET_FILE);
}
