// R17 吹哨 through the HTTP API on the dev server: a street office whistles, the district department
// becomes the lead (the street a co-unit) and signs for it afresh; the whistle is counted per street
// (GET /api/v1/stats/whistles). A district unit may not whistle, nor a street name another street.
import { beijingDate } from '../../domain/calendar';
import { recordHistory } from '../setup/histories';
import { apiHarness, ApiHarness, callerOf, eventually, intakeBody, Who } from '../setup/api';

const STREET = 'LJ-JB-BJ-OFFICE';
const DEPT = 'LJ-JB-URBAN';
const operator: Who = { role: 'operator', sub: 'op-w' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-w' };
const streetHandler: Who = { role: 'handler', unit: STREET, sub: 'h-street-w' };
const deptHandler: Who = { role: 'handler', unit: DEPT, sub: 'h-dept-w' };
const supervisor: Who = { role: 'supervisor', sub: 'sup-w' };

describe('API: 吹哨', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('whistle');
  });
  afterAll(() => api?.close());

  const { post, get, act } = callerOf(() => api);
  const signedBy = async (unit: string, who: Who) => {
    const id: string = (await post('/api/v1/tickets', operator, intakeBody({ category: 'ILLEGAL_CONSTRUCTION', description: '小区内违建' }))).body.id;
    await act(id, dispatcher, 'dispatch', { unit });
    return { id, signed: await act(id, who, 'sign') };
  };

  test('the street whistles: the department leads with fresh deadlines, the street stays; counted per street', async () => {
    const { id, signed } = await signedBy(STREET, streetHandler);
    const blown = await act(id, streetHandler, 'whistle', { department: DEPT, note: '违建拆除需区城管牵头' });
    expect(blown).toMatchObject({ status: 'dispatched', leadUnit: DEPT, coUnits: [STREET], whistles: [{ street: STREET, department: DEPT }] });
    expect(blown.deadlines.signBy).toEqual(expect.any(String));
    expect(Date.parse(blown.deadlines.replyBy)).toBeGreaterThanOrEqual(Date.parse(signed.deadlines.replyBy));
    expect((await act(id, deptHandler, 'sign')).status).toBe('handling');
    await recordHistory(api.client.workflow.getHandle(id), 'i13b-whistle');

    const today = beijingDate(Date.now());
    const stats = await eventually(
      async () =>
        (
          await api
            .http()
            .get(`/api/v1/stats/whistles?from=${today}&to=${today}`)
            .set('Authorization', await api.bearer(supervisor))
        ).body,
      (b) => b.streets?.some((s: { unit: string }) => s.unit === STREET),
    );
    expect(stats.streets).toContainEqual({ unit: STREET, whistles: 1, tickets: 1 });
    const own = await get(`/api/v1/stats/whistles?from=${today}&to=${today}&unit=${DEPT}`, { role: 'unit_leader', unit: STREET });
    expect(own.status).toBe(403);
  });

  test('refused: a district-level lead, a street named, another district’s department; nothing changes', async () => {
    const district = await signedBy('LJ-JB-HOUSING', { role: 'handler', unit: 'LJ-JB-HOUSING' });
    const byDistrict = await post(`/api/v1/tickets/${district.id}/actions/whistle`, { role: 'handler', unit: 'LJ-JB-HOUSING' }, { department: DEPT });
    expect(byDistrict.status).toBe(409);
    expect(byDistrict.body.error.message).toContain('只有镇街（街道办事处、乡镇）可以吹哨提级');

    const { id, signed } = await signedBy(STREET, streetHandler);
    const toStreet = await post(`/api/v1/tickets/${id}/actions/whistle`, streetHandler, { department: 'LJ-JB-WH-OFFICE' });
    expect(toStreet.status).toBe(409);
    expect(toStreet.body.error.message).toContain('吹哨须指名区县级或市级部门');
    const elsewhere = await post(`/api/v1/tickets/${id}/actions/whistle`, streetHandler, { department: 'LJ-JN-URBAN' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.message).toContain('不是本区（JB）的部门');
    const after = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(streetHandler));
    expect(after.body).toMatchObject({ status: 'handling', leadUnit: STREET, coUnits: [] });
    expect(after.body.history).toHaveLength(signed.history.length);
  });
});
