// A phone number typed into free text (issue 24): shown in full only to readers who may call the
// citizen, masked for everyone else, never in the ledger, never in full in a dispatch mail.
import { renderNotification } from '../../activities/mail';
import { maskPhone, ticketView } from '../../api/ticket-view';
import { loadCatalog } from '../../config/catalog-source';
import { PHONE_HIDDEN } from '../../domain/phone-text';
import type { TicketState } from '../../domain/ticket';
import { MASK, redactState } from '../../ledger/redact';
import { actors, dispatched, newTicket, replied, replyInput } from './ticket-fixtures';

const typed = '135 1234 5678';
const withNumbers = (): TicketState => {
  const t = dispatched();
  t.description = `小区停水两天，请回电 ${typed} 或 +86 431.8888.6666`;
  t.contacts.push({ stage: 'first', method: 'phone', note: '市民另留 139-1234-5678', at: t.registeredAt, by: 'h-1' });
  t.history.push({ ...t.history.at(-1)!, seq: t.history.length + 1, action: 'note', note: '备用 0086 13712345678' });
  return t;
};
const texts = (v: ReturnType<typeof ticketView>) => [v.description, v.contacts[0]!.note, v.history.at(-1)!.note].join(' | ');

describe('the ticket view', () => {
  test('readers who may call the citizen read the numbers; others read them masked', () => {
    const t = withNumbers();
    for (const who of [actors.operator, actors.followUp, actors.admin, actors.handler, actors.coLeader]) {
      expect([who.id, texts(ticketView(t, who))]).toEqual([who.id, expect.stringContaining(typed)]);
    }
    for (const who of [actors.dispatcher, actors.supervisor, actors.otherHandler]) {
      const shown = texts(ticketView(t, who));
      expect([who.id, shown]).toEqual([who.id, expect.not.stringMatching(/\d{4}/)]);
      expect(shown.split(PHONE_HIDDEN)).toHaveLength(5);
    }
  });

  test('保密: units on the ticket read typed numbers masked too; a read that could not be recorded masks them for everyone', () => {
    const t = withNumbers();
    t.requesters[0]!.confidential = true;
    expect(texts(ticketView(t, actors.handler))).not.toContain(typed);
    expect(texts(ticketView(withNumbers(), actors.operator, false, Date.now(), false))).not.toContain(typed);
  });

  test('the handler’s own work number in the reply stays for every reader', () => {
    const t = replied();
    t.reply!.content = `已处理，如有疑问请拨 ${replyInput.handlerPhone} 或市民留的 ${typed}`;
    const reply = ticketView(t, actors.supervisor).reply!;
    expect(reply.handlerPhone).toBe(replyInput.handlerPhone);
    expect(reply.content).not.toContain(typed);
  });

  test('an anonymous requester’s number shows no digit to those who may not see it', () => {
    const t = dispatched(newTicket({ citizen: { anonymous: true, name: '李四', phone: '13812345678' } }));
    expect(t.requesters[0]!.name).toBeUndefined();
    expect(ticketView(t, actors.dispatcher).requesters[0]!.phone).toBe('***********');
    expect(maskPhone('13812345678', true)).toBe('***********');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('the ledger', () => {
  test('no phone number of any format survives redaction, in any field', () => {
    const redacted = JSON.stringify(redactState(withNumbers()));
    expect(redacted).not.toMatch(/1[3-9]\d[-. ]?\d{4}[-. ]?\d{4}|8888|6666|1234/);
    expect(redacted).toContain(MASK);
  });
});

describe('the dispatch mail', () => {
  test('carries the description and the note without full numbers', () => {
    const t = withNumbers();
    const { text } = renderNotification(
      {
        ticket: { id: t.id, category: 'PROPERTY_MANAGEMENT', district: 'JB', status: t.status, description: t.description },
        event: 'dispatched',
        units: ['LJ-WATER'],
        detail: '请联系 13912345678',
        key: 'k',
      },
      loadCatalog(),
      { publicUrl: 'http://hotline.example' },
      '水务局',
    );
    expect(text).toContain('小区停水两天');
    expect(text).not.toMatch(/5678|6666/);
    expect(text).toContain(PHONE_HIDDEN);
  });
});
