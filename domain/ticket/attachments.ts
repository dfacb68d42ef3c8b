// Attachments (附件): the citizen's photos, the handler's evidence of the site before and after,
// documents a unit attaches to its reply, the call's recording. The ticket keeps their metadata
// only (the bytes are in the attachment store, never in the workflow's history), one entry per
// file, added by the `attach` action. Who may attach at which step, and who may read a file on a
// ticket whose citizen asked for confidentiality (保密), is decided here. Pure.
import { z } from 'zod';
import { hotlinePhoneRoles } from './contact';
import type { Actor, Role, TicketState } from './model';
import { invalidField, conflict } from './rejection';
import { isUnitRole } from './model';

export const attachmentKinds = { photo: '照片', document: '文件', recording: '录音' } as const;
export type AttachmentKind = keyof typeof attachmentKinds;

export const attachmentSteps = { intake: '受理', contact: '联系诉求人', visit: '现场见面', reply: '答复', 'follow-up': '回访' } as const;
export type AttachmentStep = keyof typeof attachmentSteps;

/** Files one ticket may hold: its state stays small (each entry is ~300 bytes of the workflow's state). */
export const ATTACHMENTS_PER_TICKET = 100;

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  step: AttachmentStep;
  /** From the file's content (its magic bytes), never from its name. */
  contentType: string;
  /** Bytes as stored (metadata stripped), before encryption. */
  size: number;
  /** SHA-256 of those bytes, hex. */
  sha256: string;
  at: string;
  by: string;
}

/** The `attach` action's input: what the upload route measured, never what a client claims. */
export const attachInputSchema = () =>
  z.object({
    id: z.string().regex(/^att-[0-9a-f]{20}$/),
    kind: z.enum(Object.keys(attachmentKinds) as [AttachmentKind, ...AttachmentKind[]]),
    step: z.enum(Object.keys(attachmentSteps) as [AttachmentStep, ...AttachmentStep[]]),
    contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
    size: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  });
export type AttachInput = z.infer<ReturnType<typeof attachInputSchema>>;

/**
 * Who adds files at each step: the hotline at intake (the operator, the web form's system actor),
 * the unit's people while handling, the follow-up staff at the follow-up call; admins at any.
 */
export const stepRoles: Record<AttachmentStep, readonly Role[]> = {
  intake: ['operator', 'admin', 'system'],
  contact: ['handler', 'unit_leader', 'operator', 'admin'],
  visit: ['handler', 'unit_leader', 'admin'],
  reply: ['handler', 'unit_leader', 'admin'],
  'follow-up': ['follow_up', 'admin', 'system'],
};

/** The step's role check, then the per-ticket count; the entry is added to `t`. */
export function attach(t: TicketState, input: AttachInput, actor: Actor, at: string): void {
  if (!stepRoles[input.step].includes(actor.role)) {
    invalidField('step', `角色 ${actor.role} 不能在「${attachmentSteps[input.step]}」环节添加附件（可添加：${stepRoles[input.step].join('、')}）`);
  }
  const list = t.attachments ?? [];
  if (list.some((a) => a.id === input.id)) conflict(`附件 ${input.id} 已存在`);
  if (list.length >= ATTACHMENTS_PER_TICKET) conflict(`每张工单最多 ${ATTACHMENTS_PER_TICKET} 个附件，已达上限`);
  t.attachments = [...list, { ...input, at, by: actor.id }];
}

/**
 * Whether `viewer`, who may read ticket `t`, may read attachment `a`. A citizen who asked for
 * confidentiality (保密) is as hidden in the files the hotline took at intake (their photos, their
 * voice) as in their phone number: the units on the ticket read neither. The units' own evidence
 * (contact, visit, reply) stays readable to them and to their reviewer.
 */
export function readsAttachment(t: TicketState, viewer: Pick<Actor, 'role' | 'unit'>, a: Pick<Attachment, 'step' | 'kind'>): boolean {
  if (hotlinePhoneRoles.includes(viewer.role) || !isUnitRole(viewer.role)) return true;
  const confidential = t.requesters.some((r) => r.confidential);
  return !(confidential && (a.step === 'intake' || a.kind === 'recording'));
}

/** The call recording's reference (intake) is read as an intake recording would be. */
export const readsRecording = (t: TicketState, viewer: Pick<Actor, 'role' | 'unit'>): boolean =>
  readsAttachment(t, viewer, { step: 'intake', kind: 'recording' });

/** The attachments `viewer` may read. */
export const visibleAttachments = (t: TicketState, viewer: Pick<Actor, 'role' | 'unit'>): Attachment[] =>
  (t.attachments ?? []).filter((a) => readsAttachment(t, viewer, a));
