// Load on one ticket (issue 24): 200 actions at once on one ticket. Each one either succeeds or is
// refused with 429 and Retry-After, at once; none answers 500 or 503, and none is lost silently:
// every note that was answered 200 is in the ticket's trail, and no refused one is.
import { apiHarness, ApiHarness, registerTicket, Who } from '../setup/api';

describe('API: load on one ticket', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('load');
  });
  afterAll(() => api?.close());

  test('200 concurrent notes: 200 or 429 with Retry-After, never 500/503, none lost', async () => {
    const id = await registerTicket(api);
    const people: Who[] = Array.from({ length: 10 }, (_, i) => ({ role: 'dispatcher', sub: `d-${i}` }));
    const auth = await Promise.all(people.map((p) => api.bearer(p)));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api
          .http()
          .post(`/api/v1/tickets/${id}/actions/note`)
          .set('Authorization', auth[i % auth.length]!)
          .send({ note: `并发备注 #${i}` })
          .then((res) => ({ i, status: res.status, retryAfter: res.headers['retry-after'], code: res.body?.error?.code })),
      ),
    );
    const statuses = [...new Set(answers.map((a) => a.status))].sort();
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const ok = answers.filter((a) => a.status === 200).map((a) => a.i);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of refused) expect([r.code, r.retryAfter]).toEqual(['too_many_requests', '1']);

    const read = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer({ role: 'operator' }));
    const noted = read.body.history
      .filter((e: { action: string }) => e.action === 'note')
      .map((e: { note: string }) => Number(e.note.replace('并发备注 #', '')))
      .sort((a: number, b: number) => a - b);
    expect(noted).toEqual([...ok].sort((a, b) => a - b));

    // The burst over, the ticket takes the next action at once.
    const after = await api.http().post(`/api/v1/tickets/${id}/actions/dispatch`).set('Authorization', auth[0]!).send({ unit: 'LJ-JB-HOUSING' });
    expect(after.status).toBe(200);
  });
});
