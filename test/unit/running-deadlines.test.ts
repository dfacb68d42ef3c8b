import { isDeadlineRunning } from '../../domain/ticket/running-deadlines';
import type { Contact, TicketStatus } from '../../domain/ticket/model';

const at = '2026-12-03T08:00:00.000Z';
const first: Contact = { stage: 'first', method: 'phone', at, by: 'h' };
const t = (status: TicketStatus, contacts: Contact[] = []) => ({ status, contacts });

describe('the deadlines that still count down', () => {
  it('dispatch until dispatched, sign until signed', () => {
    expect(isDeadlineRunning('dispatchBy', t('registered'))).toBe(true);
    expect(isDeadlineRunning('dispatchBy', t('dispatched'))).toBe(false);
    expect(isDeadlineRunning('signBy', t('dispatched'))).toBe(true);
    expect(isDeadlineRunning('signBy', t('handling'))).toBe(false);
  });
  it('first contact until the first contact is recorded', () => {
    expect(isDeadlineRunning('firstContactBy', t('handling'))).toBe(true);
    expect(isDeadlineRunning('firstContactBy', t('handling', [first]))).toBe(false);
  });
  it('the reply until signed off (R3: a reply waiting for review or sign-off is still chased)', () => {
    for (const s of ['handling', 'rehandling', 'extension_requested', 'reply_review', 'replied'] as const)
      expect(isDeadlineRunning('replyBy', t(s))).toBe(true);
    expect(isDeadlineRunning('replyBy', t('follow_up'))).toBe(false);
    expect(isDeadlineRunning('extensionUntil', t('closed'))).toBe(false);
  });
  it('the return window only before the reply; follow-up and designation in their own steps', () => {
    expect(isDeadlineRunning('returnBy', t('handling'))).toBe(true);
    expect(isDeadlineRunning('returnBy', t('replied'))).toBe(false);
    expect(isDeadlineRunning('followUpBy', t('follow_up'))).toBe(true);
    expect(isDeadlineRunning('followUpBy', t('closed'))).toBe(false);
    expect(isDeadlineRunning('designateBy', t('designating'))).toBe(true);
    expect(isDeadlineRunning('designateBy', t('handling'))).toBe(false);
  });
});
