// A full phone number is shown only once its read is recorded: no ledger, or a failing one, means
// the answer is masked (api/phone-disclosure.ts); the ticket view masks accordingly.
import type { ApiContext } from '../../api/context';
import { recordPhoneReads } from '../../api/phone-disclosure';
import { ticketView } from '../../api/ticket-view';
import type { LedgerDb } from '../../ledger/db';
import { listPhoneReads } from '../../ledger/phone-reads';
import { openTestLedger } from '../setup/ledger';
import { captureLogs } from '../setup/log-capture';
import { actors, dispatched } from './ticket-fixtures';

let db: LedgerDb;
beforeAll(async () => {
  db = await openTestLedger();
});
afterAll(() => db?.close());

const now = new Date('2026-10-09T02:00:00.000Z');
const ctxWith = (ledger: ApiContext['ledger']) => ({ ledger, now: () => now }) as ApiContext;
const t = dispatched();

describe('recording a full phone read before showing it', () => {
  test('recorded: who, role, unit, ticket, when, how; then shown in full', async () => {
    expect(await recordPhoneReads(ctxWith(db), actors.coLeader, t, 'ticket')).toBe(true);
    expect(await listPhoneReads(db, { ticket: t.id, limit: 10 })).toEqual([
      expect.objectContaining({
        at: now.toISOString(),
        actorId: 'l-co',
        actorRole: 'unit_leader',
        actorUnit: 'U-STREET',
        requesters: [0],
        via: 'ticket',
      }),
    ]);
    expect(ticketView(t, actors.coLeader, false, now.getTime(), true).requesters[0].phone).toBe('13800000000');
  });

  test('nothing shown in full, nothing recorded', async () => {
    const before = (await listPhoneReads(db, { limit: 100 })).length;
    expect(await recordPhoneReads(ctxWith(db), actors.supervisor, t, 'ticket')).toBe(true);
    expect(await listPhoneReads(db, { limit: 100 })).toHaveLength(before);
  });

  test('no ledger, or the ledger failing: not recorded, so masked', async () => {
    expect(await recordPhoneReads(ctxWith(undefined), actors.handler, t, 'ticket')).toBe(false);
    const failing = { query: () => Promise.reject(new Error('connection refused')), exec: () => Promise.resolve() };
    const logs = captureLogs();
    expect(await recordPhoneReads(ctxWith(failing), actors.handler, t, 'ticket')).toBe(false);
    expect(logs.entries()).toEqual([expect.objectContaining({ level: 'warn', ticket: t.id, msg: 'phone read not recorded, numbers masked' })]);
    expect(logs.lines.join('')).not.toContain('13800000000');
    expect(ticketView(t, actors.handler, false, now.getTime(), false).requesters[0].phone).toBe('138****0000');
  });
});
