// The API's pure parts: ticket numbers, phone masking and the ticket view, the list query and its
// scoping, page tokens, summaries, and the catalog checks of intakes and action bodies.
import { TypedSearchAttributes } from '@temporalio/common';
import { ApiError } from '../../api/errors';
import { decodePageToken, encodePageToken, scopedUnit, ticketSummary, visibilityQuery } from '../../api/ticket-list';
import {
  canonicalJson,
  idempotencyKeyHash,
  idempotentTicketId,
  randomTicketId,
  requestHash,
  TICKET_ID_PATTERN,
  ticketDate,
} from '../../api/ticket-id';
import { maskPhone, ticketView } from '../../api/ticket-view';
import { summaryLine } from '../../workflows/visibility';
import { listQuerySchema } from '../../api/schemas';
import { loadCalendar } from '../../config/calendar-source';
import { loadCatalog } from '../../config/catalog-source';
import { actionNames, actions, defaultRules, intakeSchema, register, Role, roles } from '../../domain/ticket';
import { checkActionRefs, checkIntakeRefs, ticketRef } from '../../domain/ticket/refs';
import * as sa from '../../workflows/search-attributes';

const catalog = loadCatalog();
const thrown = (fn: () => unknown): ApiError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
};

describe('ticket numbers', () => {
  test('the Beijing date: UTC+8, the day turns at 16:00 UTC', () => {
    expect(ticketDate(new Date('2026-11-22T15:59:59.999Z'))).toBe('20261122');
    expect(ticketDate(new Date('2026-11-22T16:00:00.000Z'))).toBe('20261123');
    expect(randomTicketId(new Date('2026-11-22T16:00:00Z'))).toMatch(/^20261123-\d{7}$/);
  });

  test('a key gives the same numbers every time, a sequence per date, bound to the caller', () => {
    const h = idempotencyKeyHash('op-1', 'key-1');
    expect(idempotencyKeyHash('op-1', 'key-1')).toBe(h);
    expect(idempotencyKeyHash('op-2', 'key-1')).not.toBe(h);
    const ids = Array.from({ length: 10 }, (_, i) => idempotentTicketId(h, '20261123', i));
    expect(ids.every((id) => TICKET_ID_PATTERN.test(id) && id.startsWith('20261123-'))).toBe(true);
    expect(new Set(ids).size).toBe(10);
    expect(idempotentTicketId(h, '20261123', 3)).toBe(ids[3]);
    expect(idempotentTicketId(h, '20261124', 0)).toMatch(/^20261124-/);
  });

  test('the request hash ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});

describe('the ticket view', () => {
  const state = register({
    id: '20261123-0000001',
    intake: intakeSchema.parse({
      channel: 'phone',
      citizen: { name: '张三', phone: '13812345678' },
      category: 'PROPERTY_MANAGEMENT',
      description: '电梯故障',
      location: { district: 'JB' },
    }),
    registeredAt: '2026-11-23T01:00:00.000Z',
    registeredBy: { id: 'op', role: 'operator' },
    rules: defaultRules,
    calendar: loadCalendar(),
  });

  test('maskPhone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0431-88886666')).toBe('043****6666');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('1')).toBe('*');
  });

  test.each(Object.keys(roles) as Role[])('%s', (role) => {
    const v = ticketView(state, { id: 'x', role });
    const full = ['operator', 'follow_up', 'admin'].includes(role);
    expect(v.requesters[0]!.phone).toBe(full ? '13812345678' : '138****5678');
    expect(v).toMatchObject({ id: state.id, status: 'registered', overdue: false, rehandles: 0, coUnits: [] });
    expect(v.deadlines.dispatchBy).toBeDefined();
    expect(v).not.toHaveProperty('alerts');
    expect(state.requesters[0]!.phone).toBe('13812345678'); // the state itself is not touched
  });
});

describe('the list', () => {
  const q = (raw: Record<string, string>) => listQuerySchema.parse(raw);

  test('query: every filter, unit as lead or co-unit, always the ticket workflow type', () => {
    expect(visibilityQuery(q({}), undefined)).toBe("WorkflowType = 'ticket'");
    expect(visibilityQuery(q({ status: 'handling', category: 'WATER_OUTAGE', district: 'JB', overdue: 'true' }), 'LJ-WATER')).toBe(
      "WorkflowType = 'ticket' AND TicketStatus = 'handling' AND (TicketUnit = 'LJ-WATER' OR TicketCoUnits = 'LJ-WATER' OR TicketDelegates = 'LJ-WATER') " +
        "AND TicketCategory = 'WATER_OUTAGE' AND TicketDistrict = 'JB' AND TicketOverdue = true",
    );
    expect(visibilityQuery(q({ requestType: 'report', citizenKind: 'enterprise', dispatchOverdue: 'false' }), undefined)).toBe(
      "WorkflowType = 'ticket' AND TicketRequestType = 'report' AND TicketCitizenKind = 'enterprise' AND TicketDispatchOverdue = false",
    );
    expect(listQuerySchema.safeParse({ dispatchOverdue: 'yes' }).error?.issues[0].path).toEqual(['dispatchOverdue']);
  });

  test('a unit’s own list also holds the direct-dispatch tickets it supervises (R1)', () => {
    expect(visibilityQuery(q({}), 'LJ-JB-GOV', true)).toBe(
      "WorkflowType = 'ticket' AND (TicketUnit = 'LJ-JB-GOV' OR TicketCoUnits = 'LJ-JB-GOV' OR TicketSupervisors = 'LJ-JB-GOV' OR TicketDelegates = 'LJ-JB-GOV')",
    );
  });

  test('query values cannot break out of their quotes', () => {
    expect(listQuerySchema.safeParse({ unit: "X' OR 1=1" }).success).toBe(false);
    expect(thrown(() => visibilityQuery({}, "X' OR 'a'='a")).code).toBe('validation_failed');
  });

  test('handlers and unit leaders are confined to their unit', () => {
    expect(scopedUnit(q({}), { id: 'h', role: 'handler', unit: 'LJ-ECO' })).toBe('LJ-ECO');
    expect(scopedUnit(q({ unit: 'LJ-ECO' }), { id: 'h', role: 'unit_leader', unit: 'LJ-ECO' })).toBe('LJ-ECO');
    expect(thrown(() => scopedUnit(q({ unit: 'LJ-WATER' }), { id: 'h', role: 'handler', unit: 'LJ-ECO' })).code).toBe('forbidden');
    expect(scopedUnit(q({ unit: 'LJ-WATER' }), { id: 's', role: 'supervisor' })).toBe('LJ-WATER');
    expect(scopedUnit(q({}), { id: 's', role: 'supervisor' })).toBeUndefined();
  });

  test('page tokens round-trip; anything that is not one is a 400', () => {
    const raw = new TextEncoder().encode(
      '{"CloseTime":"0001-01-01T00:00:00Z","StartTime":"2026-12-03T12:00:00Z","RunID":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}',
    );
    expect(decodePageToken(encodePageToken(raw))).toEqual(raw);
    expect(thrown(() => decodePageToken('bm90LWpzb24')).code).toBe('validation_failed');
  });

  test('a summary from search attributes and memo', () => {
    const s = ticketSummary({
      workflowId: '20261123-0000001',
      startTime: new Date('2026-11-23T01:00:00Z'),
      closeTime: undefined,
      memo: { summary: '[办理中] WATER_OUTAGE·JB 主办:LJ-WATER' },
      typedSearchAttributes: new TypedSearchAttributes([
        { key: sa.TicketStatus, value: 'handling' },
        { key: sa.TicketUnit, value: 'LJ-WATER' },
        { key: sa.TicketCoUnits, value: ['LJ-JB-GOV'] },
        { key: sa.TicketOverdue, value: true },
        { key: sa.TicketReplyDueAt, value: new Date('2026-11-27T10:00:00Z') },
        { key: sa.TicketRehandles, value: 1 },
      ]),
    });
    expect(s).toEqual({
      id: '20261123-0000001',
      status: 'handling',
      statusLabel: '办理中',
      leadUnit: 'LJ-WATER',
      coUnits: ['LJ-JB-GOV'],
      overdue: true,
      rehandles: 1,
      replyBy: '2026-11-27T10:00:00.000Z',
      registeredAt: '2026-11-23T01:00:00.000Z',
      summary: '[办理中] WATER_OUTAGE·JB 主办:LJ-WATER',
      category: undefined,
      channel: undefined,
      district: undefined,
      urgent: undefined,
      closedAt: undefined,
    });
  });

  test('a ticket with no memo (since the patch era): the line from its search attributes, as its current details', () => {
    const s = ticketSummary({
      workflowId: '20261203-0000002',
      startTime: new Date('2026-12-03T01:00:00Z'),
      closeTime: undefined,
      memo: undefined,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: sa.TicketStatus, value: 'handling' },
        { key: sa.TicketCategory, value: 'WATER_OUTAGE' },
        { key: sa.TicketDistrict, value: 'JB' },
        { key: sa.TicketChannel, value: 'web' },
        { key: sa.TicketUnit, value: 'LJ-WATER' },
        { key: sa.TicketReplyDueAt, value: new Date('2026-12-09T10:00:00Z') },
      ]),
    });
    expect(s.summary).toBe('[办理中] WATER_OUTAGE·JB 主办:LJ-WATER 答复期限:2026-12-09T10:00:00.000Z 渠道:网站');
    expect(s.summary).toBe(
      summaryLine({
        statusLabel: '办理中',
        category: 'WATER_OUTAGE',
        district: 'JB',
        leadUnit: 'LJ-WATER',
        replyBy: '2026-12-09T10:00:00.000Z',
        channel: 'web',
      }),
    );
  });
});

describe('catalog checks', () => {
  test('every referenced field is a field of its action’s schema', () => {
    for (const action of actionNames) {
      const shape = (actions[action].schema as unknown as { shape: Record<string, unknown> }).shape;
      for (const r of actions[action].refs ?? []) expect([action, r.field in shape]).toEqual([action, true]);
    }
    expect(ticketRef('merge')).toBe('into');
  });

  test('action bodies: units, situations, cities', () => {
    expect(checkActionRefs(catalog, 'dispatch', { unit: 'LJ-WATER', coUnits: ['LJ-ECO'] })).toEqual([]);
    expect(checkActionRefs(catalog, 'dispatch', { unit: 'NOPE', coUnits: ['LJ-ECO', 'GONE'] }).map((i) => i.path)).toEqual(['unit', 'coUnits[1]']);
    expect(checkActionRefs(catalog, 'consultationOutcome', { summary: 'x' })).toEqual([]);
    expect(checkActionRefs(catalog, 'whistle', { department: 'X' }).map((i) => i.path)).toEqual(['department']);
    expect(checkActionRefs(catalog, 'outOfScope', { situation: 'OOS-LITIGATION', explanation: 'x' })).toEqual([]);
    expect(checkActionRefs(catalog, 'transferOut', { city: 'LJ' }).map((i) => i.path)).toEqual(['city']); // its own city is no transfer target
    expect(checkActionRefs(catalog, 'note', { note: 'NOPE' })).toEqual([]);
  });

  test('intakes: category, district, street of that district', () => {
    const intake = (over: object) =>
      intakeSchema.parse({ channel: 'web', category: 'WATER_OUTAGE', description: 'x', location: { district: 'JB', street: 'JB-BJ' }, ...over });
    expect(checkIntakeRefs(catalog, intake({}))).toEqual([]);
    expect(checkIntakeRefs(catalog, intake({ category: 'X' })).map((i) => i.path)).toEqual(['category']);
    expect(checkIntakeRefs(catalog, intake({ location: { district: 'JN', street: 'JB-BJ' } })).map((i) => i.path)).toEqual(['location.street']);
    expect(checkIntakeRefs(catalog, intake({ location: { district: 'ZZ' } })).map((i) => i.path)).toEqual(['location.district']);
  });
});
