// The HMAC secret of the rating links (/rate/<token>, `link` follow-up provider): the worker signs
// them, the API verifies them, so both resolve it the same way: HOTLINE_RATING_SECRET when set, else
// a development secret in $HOTLINE_DATA_DIR/dev-rating-secret (config/dev-secret.ts). Worker and API
// in separate containers do not share a data directory: production sets HOTLINE_RATING_SECRET.
import { ResolvedSecret, resolveDevSecret } from './dev-secret';
import type { Env } from './env';

export const DEV_RATING_SECRET_FILE = 'dev-rating-secret';

export function resolveRatingSecret(env: Pick<Env, 'HOTLINE_RATING_SECRET' | 'HOTLINE_DATA_DIR'>): ResolvedSecret {
  return resolveDevSecret(env.HOTLINE_RATING_SECRET, env.HOTLINE_DATA_DIR, DEV_RATING_SECRET_FILE);
}
