// Statistics end to end (issue 6): tickets driven through their workflows on the real dev server
// are recorded by the worker into a ledger, and the API reads the same ledger: per-unit figures,
// the monthly ranking and hotspots, as JSON and CSV, scoped by role; and a ticket whose workflow
// is gone from Temporal is still readable from the ledger (archived).
import { countKeys, countLabels, rateDefinitions, rateKeys } from '../../ledger/stats';
import type { LedgerDb } from '../../ledger/db';
import { apiHarness, ApiHarness, eventually, intakeBody, Who } from '../setup/api';
import { act, closeSatisfied, toFollowUp } from '../setup/drive';
import { openTestLedger } from '../setup/ledger';
import { dispatcher, handlerOf } from '../setup/temporal';

const U1 = 'LJ-JB-HOUSING';
const U2 = 'LJ-ECO';
const supervisor: Who = { role: 'supervisor', sub: 'sup-1' };
const leader1: Who = { role: 'unit_leader', unit: U1, sub: 'l-1' };
const leader2: Who = { role: 'unit_leader', unit: U2, sub: 'l-2' };

const beijingDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const FROM = beijingDay(-1);
const TO = beijingDay(1);
const MONTH = beijingDay().slice(0, 7);
const statsHeader = ['单位', '起始日期', '截止日期', ...countKeys.map((k) => countLabels[k]), ...rateKeys.map((k) => rateDefinitions[k].label)].join(
  ',',
);

describe('API: statistics from the ledger', () => {
  let api: ApiHarness;
  let ledger: LedgerDb;
  const ids: Record<'closed' | 'handling' | 'dispatched', string> = { closed: '', handling: '', dispatched: '' };

  beforeAll(async () => {
    ledger = await openTestLedger();
    api = await apiHarness('stats', { ledger });
    const open = async (body: object) => {
      const res = await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer({ role: 'operator' }))
        .send(intakeBody(body));
      expect(res.status).toBe(201);
      return { id: res.body.id as string, handle: api.client.workflow.getHandle(res.body.id) };
    };
    // U1: one ticket all the way to a satisfied close, one signed for and in handling. U2: one dispatched.
    const a = await open({});
    await toFollowUp(a.handle, U1);
    expect((await closeSatisfied(a.handle)).status).toBe('closed');
    const b = await open({});
    await act(b.handle, 'dispatch', dispatcher, { unit: U1 });
    await act(b.handle, 'sign', handlerOf(U1), {});
    const c = await open({ category: 'ENVIRONMENTAL_POLLUTION', location: { district: 'JN', street: 'JN-NH' } });
    await act(c.handle, 'dispatch', dispatcher, { unit: U2 });
    Object.assign(ids, { closed: a.id, handling: b.id, dispatched: c.id });
  });
  afterAll(async () => {
    await api?.close();
    await ledger?.close();
  });

  const get = async (path: string, who: Who = supervisor) =>
    api
      .http()
      .get(path)
      .set('Authorization', await api.bearer(who));
  const units = `/api/v1/stats/units?from=${FROM}&to=${TO}`;

  test('GET /api/v1/stats/units: exact figures for the tickets driven here, per unit and in total', async () => {
    // The worker records each change in the ledger right after it: wait for the last of them.
    const res = await eventually(
      () => get(units),
      (r) => r.status === 200 && r.body.total.received === 3 && r.body.total.closed === 1 && r.body.total.signed === 2,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: FROM, to: TO });
    expect(res.body.units.map((u: { unit: string }) => u.unit)).toEqual([U2, U1]); // by unit code
    const [u2, u1] = res.body.units;
    expect(u1).toEqual({
      unit: U1,
      received: 2,
      signed: 2,
      signDue: 2,
      signedOnTime: 2,
      contactDue: 1,
      respondedOnTime: 1,
      returned: 0,
      reassigned: 0,
      retained: 2,
      replied: 1,
      replyDue: 1,
      repliedOnTime: 1,
      closed: 1,
      closedFirstTime: 1,
      followedUp: 1,
      satisfied: 1,
      resolved: 1,
      rehandled: 0,
      overdue: 0,
      unreachable: 0,
      noFollowUp: 0,
      rates: {
        timelySign: 1,
        response: 1,
        return: 0,
        onTimeCompletion: 1,
        completion: 0.5,
        satisfaction: 1,
        solved: 1,
        firstTimeResolution: 1,
        rehandle: 0,
      },
    });
    expect(u2).toMatchObject({
      unit: U2,
      received: 1,
      signed: 0,
      signDue: 0,
      retained: 1,
      closed: 0,
      rates: { timelySign: null, completion: 0, satisfaction: null },
    });
    expect(res.body.total).toMatchObject({ unit: '*', received: 3, signed: 2, replied: 1, closed: 1, retained: 3 });
  });

  test('CSV: UTF-8 with BOM, Chinese header, one row per unit and the total; attachment', async () => {
    const res = await get(`${units}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="unit-stats_${FROM}_${TO}.csv"; filename*=UTF-8''unit-stats_${FROM}_${TO}.csv`,
    );
    const body: Buffer = res.body instanceof Buffer ? res.body : Buffer.from(res.text, 'utf8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(statsHeader);
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual([U2, U1, '合计']);
    expect(lines[2]!.startsWith(`${U1},${FROM},${TO},2,2,2,2,1,1,0,0,2,1,1,1,1,1,1,1,1,0,0,0,0,100.00%`)).toBe(true);
  });

  test('a unit leader sees their own unit only; other roles 403; queries validated', async () => {
    const own = await get(units, leader1);
    expect(own.status).toBe(200);
    expect(own.body.units.map((u: { unit: string }) => u.unit)).toEqual([U1]);
    expect(own.body.total).toMatchObject({ received: 2, closed: 1 });
    expect((await get(`${units}&unit=${U1}`, leader1)).status).toBe(200);
    expect((await get(`${units}&unit=${U2}`, leader1)).status).toBe(403);
    const csv = await get(`${units}&format=csv`, leader1);
    expect(
      csv.text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual([U1, '合计']);
    for (const who of [{ role: 'handler', unit: U1 }, { role: 'operator' }, { role: 'follow_up' }, { role: 'dispatcher' }] as Who[]) {
      expect((await get(units, who)).status).toBe(403);
    }
    expect((await get(`${units}&unit=${U2}`)).body.units.map((u: { unit: string }) => u.unit)).toEqual([U2]);

    const paths = async (q: string) => {
      const res = await get(`/api/v1/stats/units?${q}`);
      expect(res.status).toBe(400);
      return res.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths('from=2026-02-30&to=2026-03-01')).toEqual(['from']);
    expect(await paths('from=2026-03-02&to=2026-03-01')).toEqual(['to']);
    expect(await paths('from=2024-01-01&to=2026-03-01')).toEqual(['to']);
    expect(await paths('from=2026-03-01&format=xml')).toEqual(['to', 'format']);
    expect(await paths(`from=${FROM}&to=${TO}&unit=NOPE`)).toEqual(['unit']);
    expect((await get('/api/v1/stats/ranking?month=2026-13')).status).toBe(400);
    expect((await get('/api/v1/stats/hotspots')).status).toBe(400);
  });

  test('ranking: the table for everyone allowed; a unit leader gets the details of their own row only', async () => {
    const full = await get(`/api/v1/stats/ranking?month=${MONTH}`);
    expect(full.status).toBe(200);
    expect(full.body.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual([
      [U1, 1],
      [U2, 2],
    ]);
    expect(full.body.units[1]).toMatchObject({ group: 'department', last: true, measure: 'interview', received: 1, stats: { received: 1 } });

    const mine = await get(`/api/v1/stats/ranking?month=${MONTH}`, leader1);
    expect(mine.status).toBe(200);
    expect(mine.body.units[0]).toEqual(full.body.units[0]);
    const other = full.body.units[1];
    expect(mine.body.units[1]).toEqual({ unit: U2, group: 'department', score: other.score, rank: 2, groupRank: 2, last: true });

    const csv = await get(`/api/v1/stats/ranking?month=${MONTH}&format=csv`, leader1);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="ranking_${MONTH}.csv"; filename*=UTF-8''ranking_${MONTH}.csv`);
    const [, row1, row2] = csv.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .map((l) => l.split(','));
    expect(row1!.slice(1, 3)).toEqual(['1', U1]);
    expect(row1!.slice(11, 14)).toEqual(['2', '2', '2']); // received, signed, signDue
    expect(row2!.slice(1, 4)).toEqual(['2', U2, '部门']);
    expect(row2!.slice(6, 8)).toEqual(['', '']); // volume ranks
    expect(row2!.slice(11).every((cell) => cell === '')).toBe(true);
    expect((await get(`/api/v1/stats/ranking?month=${MONTH}`, { role: 'handler', unit: U1 })).status).toBe(403);
  });

  test('hotspots: supervisors and admins; the month’s categories and districts', async () => {
    const res = await get(`/api/v1/stats/hotspots?month=${MONTH}`, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: MONTH, tickets: 3, requesters: 3 });
    expect(res.body.categories.map((r: { key: string; tickets: number }) => [r.key, r.tickets])).toEqual([
      ['PROPERTY_MANAGEMENT', 2],
      ['ENVIRONMENTAL_POLLUTION', 1],
    ]);
    const csv = await get(`/api/v1/stats/hotspots?month=${MONTH}&format=csv`);
    expect(csv.text.startsWith('\uFEFF月份,维度,名次,项目,工单数,诉求人数,上月工单数,环比变化,环比变化率\r\n')).toBe(true);
    expect((await get(`/api/v1/stats/hotspots?month=${MONTH}`, leader1)).status).toBe(403);
  });

  test("the hotline's own figures (the dispatch desk): supervisors and admins, per ticket by registration date", async () => {
    const hotline = `/api/v1/stats/hotline?from=${FROM}&to=${TO}`;
    const res = await get(hotline, { role: 'admin' });
    expect(res.status).toBe(200);
    // Three tickets registered here by phone, each dispatched at once and kept by its first unit.
    expect(res.body).toMatchObject({ from: FROM, to: TO, registered: 3, dispatched: 3, dispatchDue: 3, dispatchedOnTime: 3, firstDispatchKept: 3 });
    expect(res.body).toMatchObject({ onlineReceived: 0, onlineReplied: 0, police110Received: 0, police110Closed: 0 });
    expect(res.body.rates).toEqual({ onTimeDispatch: 1, firstDispatchAccuracy: 1, onlineReply: null, police110Completion: null });
    const cut = await get(`${hotline}&channel=police_110&citizenKind=enterprise`);
    expect(cut.body).toMatchObject({ registered: 0, dispatchDue: 0, rates: { onTimeDispatch: null } });
    const csv = await get(`${hotline}&requestType=complaint&format=csv`);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="hotline-stats_${FROM}_${TO}.csv"; filename*=UTF-8''hotline-stats_${FROM}_${TO}.csv`,
    );
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(/^起始日期,截止日期,诉求类型,诉求人类别,渠道,受理量,/);
    expect(header).toContain('按时派单率');
    expect(row).toMatch(new RegExp(`^${FROM},${TO},complaint,,,3,`));
    expect((await get(hotline, leader1)).status).toBe(403);
    const bad = await get(`/api/v1/stats/hotline?from=${FROM}&to=${TO}&requestType=praise`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['requestType']);
  });

  test('a ticket whose workflow was terminated and deleted is read from the ledger (archived)', async () => {
    const id = ids.handling;
    expect((await get(`/api/v1/tickets/${id}`)).body.archived).toBe(false);
    // Deleting a running execution terminates it, then deletes it as it closes (at once; the delete
    // of an already closed one waits in the server's queue for 10 s and more on the dev server).
    const { runId } = await api.client.workflow.getHandle(id).describe();
    await api.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: id, runId } });
    const res = await eventually(
      () => get(`/api/v1/tickets/${id}`),
      (r) => r.status === 200 && r.body.archived === true,
    );
    expect(res.body).toMatchObject({
      id,
      archived: true,
      status: 'handling',
      leadUnit: U1,
      category: 'PROPERTY_MANAGEMENT',
      location: { district: 'JB' },
    });
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['register', 'dispatch', 'sign']);
    expect(JSON.stringify(res.body)).not.toMatch(/13812345678|张三/);
    // The same scoping as a live ticket: another unit's leader is answered as if it did not exist.
    expect((await get(`/api/v1/tickets/${id}`, leader1)).status).toBe(200);
    expect((await get(`/api/v1/tickets/${id}`, leader2)).status).toBe(404);
    const gone = await get('/api/v1/tickets/20200101-0000001');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
  });
});
