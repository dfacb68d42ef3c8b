// Showing a citizen's phone number in full is recorded first (个人信息保护法): who, role, unit,
// ticket, when, through which operation. A read that cannot be recorded (no ledger, or the
// database fails) is not shown in full: the answer carries masked numbers instead.
import { Actor, fullPhoneReads, TicketState } from '../domain/ticket';
import { recordPhoneRead } from '../ledger/phone-reads';
import type { ApiContext } from './context';
import { errorFields, log } from '../platform/log';

/** Records `actor`'s full reads of `t`'s phones; resolves to whether the numbers may be shown in full. */
export async function recordPhoneReads(ctx: ApiContext, actor: Actor, t: TicketState, via: string): Promise<boolean> {
  const shown = fullPhoneReads(t, actor);
  if (shown.length === 0) return true;
  if (!ctx.ledger) return false;
  try {
    await recordPhoneRead(ctx.ledger, {
      at: ctx.now().toISOString(),
      ticketId: t.id,
      actorId: actor.id,
      actorRole: actor.role,
      actorUnit: actor.unit ?? null,
      requesters: shown,
      via,
    });
    return true;
  } catch (err) {
    log('api').warn({ ticket: t.id, ...errorFields(err) }, 'phone read not recorded, numbers masked');
    return false;
  }
}
