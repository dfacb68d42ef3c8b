// The key of the callers' pseudonyms in the ledger (一人多诉, ledger/pseudonym.ts): the worker keys
// them. HOTLINE_PSEUDONYM_SECRET when set, else a development secret in
// $HOTLINE_DATA_DIR/dev-pseudonym-secret (config/dev-secret.ts). A new secret makes every earlier
// pseudonym unmatchable (callers start counting afresh): production sets it once and keeps it.
import { ResolvedSecret, resolveDevSecret } from './dev-secret';
import type { Env } from './env';

export const DEV_PSEUDONYM_SECRET_FILE = 'dev-pseudonym-secret';

export function resolvePseudonymSecret(env: Pick<Env, 'HOTLINE_PSEUDONYM_SECRET' | 'HOTLINE_DATA_DIR'>): ResolvedSecret {
  return resolveDevSecret(env.HOTLINE_PSEUDONYM_SECRET, env.HOTLINE_DATA_DIR, DEV_PSEUDONYM_SECRET_FILE);
}
