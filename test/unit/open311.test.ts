// The pure parts of Open311 GeoReport v2: the XML form, the filters of GET requests, the POST
// fields mapped onto our intake, the status mapping and the masking of digit runs.
import { loadCatalog } from '../../config/catalog-source';
import { defaultRules, register, terminalStatuses, ticketStatuses, TicketStatus } from '../../domain/ticket';
import { toXml } from '../../api/open311/format';
import { mapPostRequest } from '../../api/open311/post-request';
import { open311Request, open311Status } from '../../api/open311/request-view';
import { calendarFrom } from '../../domain/calendar';
import { loadCalendar } from '../../config/calendar-source';
import { parseRequestsFilter } from '../../api/open311/requests-query';
import { Open311Error } from '../../api/open311/errors';
import { open311KeyBodySchema } from '../../api/routes/open311-keys';

const catalog = loadCatalog();
const now = new Date('2026-12-03T12:00:00Z');
const DAY = 86_400_000;

describe('XML', () => {
  test('lists get the spec’s item names, null is an empty element, text is escaped', () => {
    expect(toXml('service_requests', [{ service_request_id: 'A1', account_id: null, d: 'a<b & "c"' }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>A1</service_request_id><account_id/><d>a&lt;b &amp; &quot;c&quot;</d></request></service_requests>',
    );
    expect(toXml('errors', [{ code: 400, description: 'x\u0001y' }])).toContain(
      '<errors><error><code>400</code><description>xy</description></error></errors>',
    );
  });
});

describe('GET requests filters', () => {
  const parse = (q: Record<string, unknown>) => parseRequestsFilter(q, now);
  const refusal = (q: Record<string, unknown>) => {
    try {
      parse(q);
    } catch (err) {
      return err instanceof Open311Error ? `${err.status} ${err.description}` : String(err);
    }
    return 'accepted';
  };

  test('the most recent 90 days and 1,000 results by default', () => {
    expect(parse({})).toEqual({ from: new Date(+now - 90 * DAY), to: now, limit: 1000 });
  });
  test('a start date alone runs 90 days on (not past now); an end date alone 90 days back', () => {
    expect(parse({ start_date: '2026-11-01T00:00:00+08:00' })).toMatchObject({ from: new Date('2026-10-31T16:00:00Z'), to: now });
    expect(parse({ start_date: '2026-01-01T00:00:00Z' }).to).toEqual(new Date(Date.parse('2026-01-01T00:00:00Z') + 90 * DAY));
    expect(parse({ end_date: '2026-06-01T00:00:00Z' }).from).toEqual(new Date(Date.parse('2026-06-01T00:00:00Z') - 90 * DAY));
  });
  test('comma lists, both statuses meaning no filter', () => {
    expect(parse({ service_request_id: 'A,B', service_code: 'X', status: 'open,closed' })).toMatchObject({ ids: ['A', 'B'], categories: ['X'] });
    expect(parse({ status: 'closed' }).status).toBe('closed');
    expect(parse({ status: 'open,closed' }).status).toBeUndefined();
  });
  test('refusals: over 90 days, reversed, no zone, unknown status, a repeated parameter', () => {
    expect(refusal({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:01Z' })).toBe('400 start_date 与 end_date 相隔不得超过 90 天');
    expect(refusal({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' })).toBe('400 end_date 早于 start_date');
    expect(refusal({ end_date: '2026-01-01T00:00:00' })).toMatch(/^400 end_date 须为带时区的 w3 日期时间/);
    expect(refusal({ status: 'pending' })).toBe('400 status 只能是 open、closed（逗号分隔）');
    expect(refusal({ service_code: ['A', 'B'] })).toBe('400 service_code 只能出现一次（多个值请用逗号分隔）');
    expect(refusal({ service_request_id: "A'; DROP" })).toMatch(/^400 service_request_id 无效/);
  });
});

describe('POST fields → intake', () => {
  const base = {
    service_code: 'PROPERTY_MANAGEMENT',
    address_string: '滨江路1号',
    description: '电梯故障',
    'attribute[district]': 'JB',
    'attribute[request_type]': 'help',
  };
  test('family name first, anonymous without a name, person by default', () => {
    expect(mapPostRequest({ ...base, first_name: '三', last_name: '张', phone: '13800000000' }, catalog)).toEqual({
      ok: true,
      intake: {
        channel: 'open311',
        requestType: 'help',
        citizen: { name: '张三', phone: '13800000000', anonymous: false, kind: 'person' },
        category: 'PROPERTY_MANAGEMENT',
        description: '电梯故障',
        location: { district: 'JB', address: '滨江路1号' },
      },
    });
    const anon = mapPostRequest(base, catalog);
    expect(anon.ok && anon.intake.citizen).toEqual({ anonymous: true, kind: 'person' });
  });
  test('every problem at once; an unknown service is 404', () => {
    expect(mapPostRequest({ ...base, service_code: 'NOPE' }, catalog)).toEqual({ ok: false, status: 404, errors: ['service_code NOPE 不存在'] });
    const bad = mapPostRequest(
      {
        service_code: 'PROPERTY_MANAGEMENT',
        lat: '91',
        long: '0',
        'attribute[district]': 'JN',
        'attribute[street]': 'JB-BJ',
        'attribute[requester_kind]': 'robot',
        media_url: 'ftp://x',
      },
      catalog,
    );
    expect(bad).toEqual({
      ok: false,
      status: 400,
      errors: [
        'lat、long 须为经纬度数值',
        'attribute[street] JB-BJ 不属于区县 JN',
        'attribute[request_type] 必填（咨询、求助、投诉、举报、建议）',
        'attribute[requester_kind] 无效：robot',
        'description 必填（诉求内容）',
        'media_url 须为 http(s) 地址',
      ],
    });
    expect(mapPostRequest({ ...base, jurisdiction_id: 'sfgov.org' }, catalog)).toMatchObject({ ok: false, status: 404 });
    expect(mapPostRequest({ ...base, jurisdiction_id: catalog.city.code }, catalog).ok).toBe(true);
    expect(mapPostRequest({ ...base, lat: '30' }, catalog)).toMatchObject({ errors: ['lat 与 long 须同时提供'] });
  });
});

describe('status and masking', () => {
  test('closed exactly in our terminal statuses', () => {
    for (const s of Object.keys(ticketStatuses) as TicketStatus[]) {
      expect(open311Status({ status: s })).toBe(terminalStatuses.includes(s) ? 'closed' : 'open');
    }
  });
  test('a request carries no free text, name, phone or address: the category and the place stand for them', () => {
    const t = register({
      id: 'T-1',
      intake: {
        channel: 'phone',
        citizen: { name: '张三', phone: '13812345678', anonymous: false, followUp: true },
        category: 'PROPERTY_MANAGEMENT',
        description: '市民张先生反映其位于滨江花园3栋501的电梯故障，电话13812345678',
        location: { district: 'JB', street: 'JB-BJ', address: '滨江花园3栋501' },
      },
      registeredAt: '2026-12-03T02:00:00.123Z',
      registeredBy: { id: 'op', role: 'operator' },
      rules: defaultRules,
      calendar: calendarFrom(loadCalendar(), new Date('2026-12-03T02:00:00Z')),
    });
    const r = open311Request(t, catalog);
    expect(r).toMatchObject({
      service_request_id: 'T-1',
      status: 'open',
      status_notes: '已登记待派单',
      description: '物业管理（江北区 滨江街道）',
      address: '江北区 滨江街道',
      requested_datetime: '2026-12-03T02:00:00Z',
      agency_responsible: null,
    });
    expect(JSON.stringify(r)).not.toMatch(/张|13812345678|滨江花园|501/);
  });
});

describe('api_key body', () => {
  test('a client system is named in plain text: control or broken characters are refused', () => {
    expect(open311KeyBodySchema.safeParse({ client: '某区网格化平台' }).success).toBe(true);
    for (const client of ['a\u0000b', 'tab\there', 'half \ud976 pair', '\udc4a']) {
      const r = open311KeyBodySchema.safeParse({ client });
      expect([client, r.success, r.error?.issues[0]?.path]).toEqual([client, false, ['client']]);
    }
  });
});
