// The rules a new ticket starts with: the defaults of domain/ticket/rules.ts, adjusted by
// configuration. Read once per process; each ticket carries its own copy as workflow input.
import { defaultRules, TicketRules } from '../domain/ticket/rules';
import type { Env } from './env';

export function loadRules(env: Pick<Env, 'HOTLINE_FOLLOW_UP_PROVIDER'>): TicketRules {
  return { ...defaultRules, followUp: { ...defaultRules.followUp, provider: env.HOTLINE_FOLLOW_UP_PROVIDER } };
}
