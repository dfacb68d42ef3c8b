// The answer action's citation (issue 15) in the domain core: the article version or notice is
// kept in the outcome; an answer without one records what it always did; a malformed one is refused
// and changes nothing. (Whether the article is published is the API's check: test/integration/api-knowledge.test.ts.)
import { act, actors, must, newTicket } from './ticket-fixtures';

const AT = '2026-09-29T09:35';

test('an answer from an article version keeps it in the outcome', () => {
  const s = must(newTicket(), 'answer', { answer: '停水查询办法已告知', article: { articleId: 'KB000012', version: 3 } }, actors.operator, AT).state;
  expect(s).toMatchObject({ status: 'answered', outcome: { answer: '停水查询办法已告知', article: { articleId: 'KB000012', version: 3 } } });
});

test('an answer from a notice keeps the notice', () => {
  const s = must(newTicket(), 'answer', { answer: '已告知停水公告内容', notice: 'NT000004' }, actors.operator, AT).state;
  expect(s.outcome).toEqual({ answer: '已告知停水公告内容', notice: 'NT000004' });
});

test('an answer without a citation records the answer alone, as before', () => {
  expect(must(newTicket(), 'answer', { answer: '请拨打供水热线' }, actors.operator, AT).state.outcome).toEqual({ answer: '请拨打供水热线' });
});

test('a malformed citation is refused, naming the field, and changes nothing', () => {
  const t = newTicket();
  const before = JSON.stringify(t);
  const d = act(t, 'answer', { answer: '答复', article: { articleId: 'X', version: 0 }, notice: 'bad' }, actors.operator, AT);
  expect(d).toMatchObject({ ok: false, code: 'invalid' });
  expect(!d.ok && d.reason).toMatch(/article\.articleId/);
  expect(!d.ok && d.reason).toMatch(/notice/);
  expect(JSON.stringify(t)).toBe(before);
});
