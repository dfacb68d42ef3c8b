// The role × action × unit matrix, generated from the action table: every cell the table forbids
// answers 403 (404 for a handler or unit leader whose unit is not on the ticket) and changes nothing; every cell it allows gets past authorization (a body the schema
// refuses then answers 400, so nothing changes either). Two tickets cover the unit relations: one
// registered (no unit yet), one dispatched to a lead unit with a co-unit.
import { ActionDef, actionNames, actions, ActionName, Role, roles } from '../../domain/ticket';
import { apiHarness, ApiHarness, intakeBody, Who } from '../setup/api';

const LEAD = 'LJ-JB-HOUSING';
const CO = 'LJ-JB-URBAN';
const OTHER = 'LJ-JN-HOUSING';
type Relation = 'lead' | 'co' | 'other';
const unitOf: Record<Relation, string> = { lead: LEAD, co: CO, other: OTHER };
const unitRoles: Role[] = ['handler', 'unit_leader', 'reviewer'];

interface Cell {
  ticket: 'registered' | 'dispatched';
  action: ActionName;
  who: Who;
  relation?: Relation;
}

/** What the table says, read column by column: roles, then unitScope against the unit's relation. */
function allowedByTable(c: Cell): boolean {
  const a = actions[c.action];
  if (!a.roles.includes(c.who.role)) return false;
  if (!unitRoles.includes(c.who.role) || !a.unitScope) return true;
  const rel = c.ticket === 'registered' ? 'other' : c.relation!;
  // Neither ticket is a direct-dispatch matter: no unit supervises it (R1).
  if (a.unitScope === 'supervising') return false;
  return a.unitScope === 'lead' ? rel === 'lead' : rel !== 'other';
}

/**
 * A handler or unit leader whose unit is not on the ticket may not see it: once the role may take
 * the action at all, such a ticket answers as if it did not exist (issue 24: no 403 telling them
 * which ticket numbers are in use).
 */
function hiddenFrom(c: Cell): boolean {
  if (!actions[c.action].roles.includes(c.who.role) || !unitRoles.includes(c.who.role)) return false;
  return c.ticket === 'registered' || c.relation === 'other';
}

// `system` is the worker's own role: no bearer token carries it (401, test/unit/api-auth.test.ts).
const tokenRoles = (Object.keys(roles) as Role[]).filter((r) => r !== 'system');

function cells(): Cell[] {
  const out: Cell[] = [];
  for (const ticket of ['registered', 'dispatched'] as const) {
    // The attachment upload has a route of its own (test/setup/attachment-suite.ts covers its access).
    for (const action of actionNames.filter((a) => !(actions[a] as ActionDef).ownRoute)) {
      for (const role of tokenRoles) {
        if (!unitRoles.includes(role)) out.push({ ticket, action, who: { role } });
        else for (const relation of ['lead', 'co', 'other'] as const) out.push({ ticket, action, who: { role, unit: unitOf[relation] }, relation });
      }
    }
  }
  return out;
}

describe('API: role × action × unit matrix from the action table', () => {
  let api: ApiHarness;
  const ids: Record<Cell['ticket'], string> = { registered: '', dispatched: '' };
  const admin: Who = { role: 'admin' };

  beforeAll(async () => {
    api = await apiHarness('matrix');
    for (const t of ['registered', 'dispatched'] as const) {
      const res = await api
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', await api.bearer({ role: 'operator' }))
        .send(intakeBody());
      expect(res.status).toBe(201);
      ids[t] = res.body.id;
    }
    const d = await api
      .http()
      .post(`/api/v1/tickets/${ids.dispatched}/actions/dispatch`)
      .set('Authorization', await api.bearer({ role: 'dispatcher' }))
      .send({ unit: LEAD, coUnits: [CO] });
    expect(d.status).toBe(200);
  });
  afterAll(() => api?.close());

  const snapshot = async (id: string) => {
    const res = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(admin));
    return { status: res.body.status, history: res.body.history.length, leadUnit: res.body.leadUnit, coUnits: res.body.coUnits };
  };

  test('every forbidden cell answers 403 and changes nothing; every allowed cell passes authorization', async () => {
    const all = cells();
    const forbidden = all.filter((c) => !allowedByTable(c));
    // The table really has both kinds of cells for both tickets, and unit scope matters.
    expect(forbidden.length).toBeGreaterThan(100);
    expect(all.length - forbidden.length).toBeGreaterThan(50);
    expect(all.some((c) => c.relation === 'co' && c.ticket === 'dispatched' && allowedByTable(c))).toBe(true);
    expect(
      all.some((c) => c.relation === 'co' && c.ticket === 'dispatched' && !allowedByTable(c) && actions[c.action].roles.includes(c.who.role)),
    ).toBe(true);

    const before = { registered: await snapshot(ids.registered), dispatched: await snapshot(ids.dispatched) };
    const failures: string[] = [];
    const queue = [...all];
    const run = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const res = await api
          .http()
          .post(`/api/v1/tickets/${ids[c.ticket]}/actions/${actions[c.action].path}`)
          .set('Authorization', await api.bearer(c.who))
          .send([]); // never a valid body: an allowed cell answers 400 and changes nothing
        const expected = hiddenFrom(c) ? 404 : allowedByTable(c) ? 400 : 403;
        const code = { 400: 'validation_failed', 403: 'forbidden', 404: 'not_found' }[expected];
        if (res.status !== expected || res.body?.error?.code !== code) {
          failures.push(
            `${c.ticket} ${c.action} ${c.who.role}/${c.relation ?? '-'}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, run));
    expect(failures).toEqual([]);
    expect(await snapshot(ids.registered)).toEqual(before.registered);
    expect(await snapshot(ids.dispatched)).toEqual(before.dispatched);
  });

  test('the API’s 403 is the workflow’s own: a forbidden cell sent with a valid body changes nothing either', async () => {
    // A co-unit handler may note but not sign; an unrelated unit's leader may not approve.
    const id = ids.dispatched;
    const before = await snapshot(id);
    const sign = await api
      .http()
      .post(`/api/v1/tickets/${id}/actions/sign`)
      .set('Authorization', await api.bearer({ role: 'handler', unit: CO }))
      .send({});
    expect(sign.status).toBe(403);
    expect(sign.body.error.message).toContain('主办单位');
    const intake = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer({ role: 'dispatcher' }))
      .send(intakeBody());
    expect(intake.status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
  });
});
