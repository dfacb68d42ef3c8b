// R13 on the target's side: the requesters a merged ticket sends join it, and leave again exactly
// when the merge was refused after all (the source decided again after signalling).
import { addRequesters, Requester, withdrawRequesters } from '../../domain/ticket';
import { bj, newTicket } from './ticket-fixtures';

const ctx = { now: bj('2026-09-29T11:00'), actor: { id: 'T-2', role: 'system' as const }, via: 'signal' as const };
const lisi: Requester = {
  name: '李四',
  phone: '13900001111',
  anonymous: false,
  followUp: true,
  addedAt: '2026-09-29T02:00:00.000Z',
  fromTicket: 'T-2',
};
const wangwu: Requester = {
  name: '王五',
  phone: '13900002222',
  anonymous: false,
  followUp: true,
  addedAt: '2026-09-29T02:30:00.000Z',
  fromTicket: 'T-3',
};

test('a withdrawal takes back exactly the requesters that merge sent, once each', () => {
  const target = newTicket();
  const joined = addRequesters(target, [lisi, wangwu], ctx, 'T-2');
  if (!joined.ok) throw new Error(joined.reason);
  expect(joined.state.requesters).toHaveLength(3);
  // 王五 came to T-2 from T-3 earlier: he leaves with T-2's withdrawal all the same.
  const back = withdrawRequesters(joined.state, 'T-2', [lisi, wangwu], ctx);
  if (!back.ok) throw new Error(back.reason);
  expect(back.state.requesters).toEqual(target.requesters);
  expect(back.state.history.map((e) => e.action)).toEqual(['register', 'merged', 'mergeWithdrawn']);
  expect(back.state.history.at(-1)!.note).toContain('2 位诉求人');
  // A requester who joined by another merge stays.
  const other = addRequesters(target, [{ ...lisi, fromTicket: 'T-9' }], ctx, 'T-9');
  if (!other.ok) throw new Error(other.reason);
  const none = withdrawRequesters(other.state, 'T-2', [lisi], ctx);
  expect(none.ok && none.state.requesters).toHaveLength(2);
});
