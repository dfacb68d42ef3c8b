// The ticket pool's order (ledger/pool.ts): the deadline running in each status, soonest first;
// a handling ticket is due for its first contact until it has one, then for its reply; finished
// tickets only on request, without a deadline; unit scope covers co-handling units.
import type { LedgerDb } from '../../ledger/db';
import { readPool } from '../../ledger/pool';
import { openTestLedger } from '../setup/ledger';
import { people, recordStories, Story } from './ledger-story';

let db: LedgerDb;
const page = { page: 1, pageSize: 20 };

const registered = new Story({ id: 'P-REG', at: '2026-06-01T09:00', requestType: 'consult' });
const dispatched = new Story({ id: 'P-DSP', at: '2026-06-01T08:00', requestType: 'complaint' }).act(
  'dispatch',
  { unit: 'U1', coUnits: ['U3'] },
  people.dispatcher,
  '2026-06-01T08:10',
);
const signed = new Story({ id: 'P-SGN', at: '2026-06-01T07:00' })
  .dispatch('U1', '2026-06-01T07:10')
  .sign('2026-06-01T07:20')
  .act('consultation', { topic: '跨部门协调', participants: ['U1', 'U3'], at: '2026-06-02T01:00:00.000Z' }, people.supervisor, '2026-06-01T07:30');
const contacted = new Story({ id: 'P-CON', at: '2026-06-01T06:00' })
  .dispatch('U2', '2026-06-01T06:10')
  .sign('2026-06-01T06:20')
  .contact('first', '2026-06-01T06:30');
const followUp = new Story({ id: 'P-FUP', at: '2026-06-01T05:00' })
  .dispatch('U2', '2026-06-01T05:10')
  .sign('2026-06-01T05:20')
  .handle({ first: '2026-06-01T05:30', final: '2026-06-01T05:40', reply: '2026-06-01T05:50', approve: '2026-06-01T06:00' });
const closed = new Story({ id: 'P-CLS', at: '2026-06-01T04:00' })
  .dispatch('U2', '2026-06-01T04:10')
  .sign('2026-06-01T04:20')
  .handle({ first: '2026-06-01T04:30', final: '2026-06-01T04:40', reply: '2026-06-01T04:50', approve: '2026-06-01T05:00' })
  .followUp('satisfied', true, '2026-06-01T05:10');
const all = [registered, dispatched, signed, contacted, followUp, closed];

beforeAll(async () => {
  db = await openTestLedger();
  await recordStories(db, all);
});
afterAll(() => db?.close());

test('each open ticket is due as its status says, soonest first; finished ones are left out', async () => {
  const { items, total } = await readPool(db, page);
  expect(total).toBe(5);
  const due = Object.fromEntries(items.map((i) => [i.id, i.dueKind]));
  expect(due).toEqual({ 'P-REG': 'dispatchBy', 'P-DSP': 'signBy', 'P-SGN': 'firstContactBy', 'P-CON': 'replyBy', 'P-FUP': 'followUpBy' });
  for (const i of items) {
    const story = all.find((s) => s.id === i.id)!;
    expect(i.dueAt).toBe(new Date((story.state.deadlines as Record<string, string>)[i.dueKind!]!).toISOString());
  }
  const times = items.map((i) => Date.parse(i.dueAt!));
  expect(times).toEqual([...times].sort((a, b) => a - b));
});

test('finished tickets on request, last (no deadline runs)', async () => {
  const { items, total } = await readPool(db, { ...page, includeClosed: true });
  expect(total).toBe(6);
  expect(items.at(-1)).toMatchObject({ id: 'P-CLS', status: 'closed', dueKind: null, dueAt: null });
});

test('by request type (咨询/投诉…), and `unknown` for tickets registered before it was asked', async () => {
  expect((await readPool(db, { ...page, requestType: 'complaint' })).items.map((i) => [i.id, i.requestType])).toEqual([['P-DSP', 'complaint']]);
  expect((await readPool(db, { ...page, requestType: 'consult' })).items.map((i) => i.id)).toEqual(['P-REG']);
  expect((await readPool(db, { ...page, requestType: 'unknown' })).items.map((i) => i.id).sort()).toEqual(['P-CON', 'P-FUP', 'P-SGN']);
});

test('the next consultation convened and not yet held (the 督办 board lists them)', async () => {
  const { items } = await readPool(db, page);
  expect(items.filter((i) => i.nextConsultationAt).map((i) => [i.id, i.nextConsultationAt])).toEqual([['P-SGN', '2026-06-02T01:00:00.000Z']]);
});

test('a unit sees what it leads or co-handles; filters and pages combine', async () => {
  expect((await readPool(db, { ...page, unit: 'U1' })).items.map((i) => i.id).sort()).toEqual(['P-DSP', 'P-SGN']);
  expect((await readPool(db, { ...page, unit: 'U3' })).items.map((i) => i.id)).toEqual(['P-DSP']);
  expect((await readPool(db, { ...page, unit: 'U2', statuses: ['follow_up'] })).items.map((i) => i.id)).toEqual(['P-FUP']);
  const second = await readPool(db, { page: 2, pageSize: 2 });
  expect(second.total).toBe(5);
  expect(second.items).toHaveLength(2);
  expect(await readPool(db, { page: 9, pageSize: 2 })).toEqual({ items: [], total: 5 });
});
