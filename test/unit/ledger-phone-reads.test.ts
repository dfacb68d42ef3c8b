// The phone-read log (个人信息保护法): recorded without a number, listed newest first by ticket and
// by Beijing date, paged by id.
import type { LedgerDb } from '../../ledger/db';
import { listPhoneReads, PhoneRead, recordPhoneRead } from '../../ledger/phone-reads';
import { openTestLedger } from '../setup/ledger';

let db: LedgerDb;
beforeAll(async () => {
  db = await openTestLedger();
});
afterAll(() => db?.close());

const read = (over: Partial<PhoneRead>): PhoneRead => ({
  at: '2026-10-09T02:00:00.000Z',
  ticketId: 'T-1',
  actorId: 'h-1',
  actorRole: 'handler',
  actorUnit: 'U-WATER',
  requesters: [0],
  via: 'ticket',
  ...over,
});

describe('phone reads', () => {
  beforeAll(async () => {
    // Beijing dates: 10-08 23:30 (15:30Z), 10-09 00:30 (10-08 16:30Z), 10-09 10:00, and another ticket.
    await recordPhoneRead(db, read({ at: '2026-10-08T15:30:00.000Z' }));
    await recordPhoneRead(db, read({ at: '2026-10-08T16:30:00.000Z', actorId: 'l-1', actorRole: 'unit_leader' }));
    await recordPhoneRead(
      db,
      read({ at: '2026-10-09T02:00:00.000Z', actorId: 'op-1', actorRole: 'operator', actorUnit: null, via: 'action:relay-contact' }),
    );
    await recordPhoneRead(db, read({ ticketId: 'T-2', requesters: [0, 1], via: 'follow-up-queue' }));
  });

  test('listed newest first with who, role, unit, ticket, when and how', async () => {
    const all = await listPhoneReads(db, { limit: 10 });
    expect(all.map((r) => [r.ticketId, r.actorId])).toEqual([
      ['T-2', 'h-1'],
      ['T-1', 'op-1'],
      ['T-1', 'l-1'],
      ['T-1', 'h-1'],
    ]);
    expect(all[0]).toMatchObject({
      at: '2026-10-09T02:00:00.000Z',
      actorRole: 'handler',
      actorUnit: 'U-WATER',
      requesters: [0, 1],
      via: 'follow-up-queue',
    });
    expect(all[1].actorUnit).toBeNull();
  });

  test('by ticket, and by Beijing dates (both included)', async () => {
    expect((await listPhoneReads(db, { ticket: 'T-2', limit: 10 })).map((r) => r.ticketId)).toEqual(['T-2']);
    const day9 = await listPhoneReads(db, { ticket: 'T-1', from: '2026-10-09', to: '2026-10-09', limit: 10 });
    expect(day9.map((r) => r.actorId)).toEqual(['op-1', 'l-1']);
    const day8 = await listPhoneReads(db, { to: '2026-10-08', limit: 10 });
    expect(day8.map((r) => r.actorId)).toEqual(['h-1']);
  });

  test('paged by id', async () => {
    const first = await listPhoneReads(db, { limit: 2 });
    const next = await listPhoneReads(db, { limit: 2, before: first.at(-1)!.id });
    expect([...first, ...next].map((r) => r.id)).toEqual((await listPhoneReads(db, { limit: 10 })).map((r) => r.id));
  });

  test('the table has no column a number could be in', async () => {
    const cols = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'phone_reads' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'at', 'ticket_id', 'actor_id', 'actor_role', 'actor_unit', 'requesters', 'via']);
  });
});
