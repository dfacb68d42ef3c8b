// R21 in the core: the attach action keeps a file's metadata (never its bytes), who attaches at
// which step, the per-ticket count, the steps a person is offered, and who reads what on a ticket
// whose citizen asked for confidentiality (保密).
import { ATTACHMENTS_PER_TICKET, attachSteps, readsAttachment, readsRecording, TicketState, visibleAttachments } from '../../domain/ticket';
import { act, actors, closed, dispatched, handling, must, newTicket, T } from './ticket-fixtures';

const meta = (n: number, step = 'visit', kind = 'photo') => ({
  id: `att-${String(n).padStart(20, '0')}`,
  kind,
  step,
  contentType: 'image/jpeg',
  size: 1000,
  sha256: 'ab'.repeat(32),
});

describe('attach', () => {
  test('adds the metadata with who and when, and an audit entry', () => {
    const d = must(handling(), 'attach', meta(1), actors.handler, T.first);
    expect(d.state.attachments).toEqual([{ ...meta(1), at: expect.any(String), by: 'h-1' }]);
    expect(d.state.history.at(-1)).toMatchObject({ action: 'attach', actor: { id: 'h-1' } });
    expect(d.effects).toEqual([]);
  });

  test('refusals: a step the role does not work at (input, naming step), another unit, a closed ticket, the same id twice, input that is not metadata', () => {
    expect(act(handling(), 'attach', meta(1, 'follow-up'), actors.handler, T.first)).toMatchObject({
      ok: false,
      check: 'input',
      details: [{ path: 'step' }],
    });
    expect(act(handling(), 'attach', meta(1), actors.otherHandler, T.first)).toMatchObject({ ok: false, check: 'scope' });
    expect(act(closed(), 'attach', meta(1), actors.admin, T.first)).toMatchObject({ ok: false, check: 'status' });
    const once = must(handling(), 'attach', meta(1), actors.handler, T.first).state;
    expect(act(once, 'attach', meta(1), actors.handler, T.first)).toMatchObject({
      ok: false,
      check: 'rule',
      reason: expect.stringContaining('已存在'),
    });
    expect(act(handling(), 'attach', { ...meta(1), bytes: 'AAAA', sha256: 'x' }, actors.handler, T.first)).toMatchObject({
      ok: false,
      check: 'input',
    });
  });

  test(`at most ${ATTACHMENTS_PER_TICKET} files per ticket`, () => {
    let s: TicketState = handling();
    s = { ...s, attachments: Array.from({ length: ATTACHMENTS_PER_TICKET }, (_, i) => ({ ...meta(i), at: '', by: 'h-1' })) as never };
    expect(act(s, 'attach', meta(ATTACHMENTS_PER_TICKET + 1), actors.handler, T.first)).toMatchObject({ ok: false, check: 'rule' });
  });

  test('the steps offered: by role, on the units of the ticket, while it is open', () => {
    expect(attachSteps(newTicket(), actors.operator)).toEqual(['intake', 'contact']);
    expect(attachSteps(handling(), actors.handler)).toEqual(['contact', 'visit', 'reply']);
    expect(attachSteps(handling(), actors.coHandler)).toEqual(['contact', 'visit', 'reply']);
    expect(attachSteps(handling(), actors.otherHandler)).toEqual([]);
    expect(attachSteps(handling(), actors.reviewer)).toEqual([]);
    expect(attachSteps(dispatched(), actors.followUp)).toEqual(['follow-up']);
    expect(attachSteps(closed(), actors.admin)).toEqual([]);
  });
});

describe('who reads a file', () => {
  const secret = () => newTicket({ citizen: { name: '张三', phone: '13812345678', confidential: true } } as never);
  test('a confidential citizen’s intake files and recordings are the hotline’s; the unit’s own evidence is the unit’s', () => {
    const t = secret();
    expect(readsAttachment(t, actors.handler, meta(1, 'intake') as never)).toBe(false);
    expect(readsAttachment(t, actors.handler, meta(1, 'contact', 'recording') as never)).toBe(false);
    expect(readsAttachment(t, actors.handler, meta(1, 'reply') as never)).toBe(true);
    expect(readsAttachment(t, actors.operator, meta(1, 'intake') as never)).toBe(true);
    expect(readsRecording(t, actors.handler)).toBe(false);
    expect(readsRecording(newTicket(), actors.handler)).toBe(true);
    const files = { ...t, attachments: [meta(1, 'intake'), meta(2, 'reply')] as never };
    expect(visibleAttachments(files, actors.reviewer).map((a) => a.step)).toEqual(['reply']);
  });
});
