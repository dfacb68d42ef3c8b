// The steps at which a person may attach a file to a ticket now: the `attach` row's role, unit scope
// and statuses, then the steps their role takes files at (attachments.ts). The console offers a
// photo upload in a form only for these. Pure.
import { stepRoles, type AttachmentStep } from './attachments';
import { whenRefusal, whoRefusal } from './decide';
import type { Actor, TicketState } from './model';

export function attachSteps(t: TicketState, actor: Actor, now?: number): AttachmentStep[] {
  if (whoRefusal(t, 'attach', actor) || whenRefusal(t, 'attach', now)) return [];
  return (Object.keys(stepRoles) as AttachmentStep[]).filter((s) => stepRoles[s].includes(actor.role));
}
