// Structured logs through a whole ticket life on the real dev server and ledger: every line from
// the API, the worker's Temporal SDK, the workflow and its activities is captured as written (JSON,
// at debug, the most the production pipeline writes short of TRACE). One request id runs from the
// API's access line to the workflow's and the activities' lines; the citizen's phone number and
// name appear in no line, in no form (masked-middle forms like 139****4321 are fine).
import { workerRuntimeOptions } from '../../worker/telemetry';
import { apiHarness, ApiHarness, intakeBody, replyBody, Who } from '../setup/api';
import { captureLogs, CapturedLogs } from '../setup/log-capture';
import { eventually, installTestRuntime } from '../setup/temporal';

const PHONE = '13987654321';
const NAME = '欧阳明远';
const LEAD = 'LJ-JB-HOUSING';

const operator: Who = { role: 'operator', sub: 'op-i19b', name: '受理员' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-i19b' };
const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-i19b' };
const leader: Who = { role: 'unit_leader', unit: LEAD, sub: 'l-i19b' };
const reviewer: Who = { role: 'reviewer', unit: LEAD, sub: 'r-i19b' };
const followUp: Who = { role: 'follow_up', sub: 'fu-i19b' };

/** The phone's digits with anything but digits between them: 139 8765 4321, 139-8765-4321, +86 139… */
const phoneInAnyForm = new RegExp(PHONE.split('').join('[^0-9]{0,3}'));
/** The phone inside base64 (a payload logged raw), at each of the three alignments. */
const phoneInBase64 = [0, 1, 2].map((pad) =>
  Buffer.from('x'.repeat(pad) + PHONE)
    .toString('base64')
    .slice(pad ? 4 : 0, -4),
);

let logs: CapturedLogs;
let api: ApiHarness;
beforeAll(async () => {
  logs = captureLogs('debug');
  // Before any connection of this file: the worker's Runtime as production installs it.
  installTestRuntime(workerRuntimeOptions({ HOTLINE_LOG_LEVEL: 'DEBUG', HOTLINE_METRICS_HOST: '127.0.0.1' }));
  api = await apiHarness('i19b-logs');
});
afterAll(() => api?.close());

async function send(method: 'post' | 'get', path: string, who: Who, requestId: string, body?: object) {
  const req = api
    .http()
    [method](path)
    .set('Authorization', await api.bearer(who))
    .set('X-Request-Id', requestId);
  const res = await (body ? req.send(body) : req);
  expect(res.headers['x-request-id']).toBe(requestId);
  return res;
}

const action = async (id: string, who: Who, path: string, requestId: string, body: object = {}) => {
  const res = await send('post', `/api/v1/tickets/${id}/actions/${path}`, who, requestId, body);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { status: string };
};

describe('logs: one request id from the API to the workflow and its activities, no phone or name', () => {
  test('a whole ticket life with a known phone and name', async () => {
    const intake = intakeBody({
      citizen: { name: NAME, phone: PHONE, anonymous: false, followUp: true },
      description: `业主${NAME}反映电梯故障，回电 ${PHONE}`,
    });
    const created = await send('post', '/api/v1/tickets', operator, 'i19b-intake', intake);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // The citizen's own data is in the answer (the operator may read it), never in a log line.
    expect(JSON.stringify(created.body)).toContain(PHONE);

    await action(id, dispatcher, 'dispatch', 'i19b-dispatch', { unit: LEAD });
    await action(id, handler, 'sign', 'i19b-sign');
    await action(id, handler, 'contact', 'i19b-contact-1', { stage: 'first', method: 'phone', note: `已联系${NAME}` });
    await action(id, handler, 'contact', 'i19b-contact-2', { stage: 'final', method: 'phone' });
    await action(id, handler, 'reply', 'i19b-reply', replyBody);
    await action(id, reviewer, 'review-reply', 'i19b-review');
    await action(id, leader, 'approve-reply', 'i19b-approve');
    expect((await action(id, followUp, 'follow-up', 'i19b-close', { satisfaction: 'satisfied', resolved: true })).status).toBe('closed');
    // Reads show the phone to the operator: a read, and a request with a malformed id (a new one is made).
    expect((await send('get', `/api/v1/tickets/${id}`, operator, 'i19b-read')).body.requesters[0].phone).toBe(PHONE);
    const badId = await api
      .http()
      .get(`/api/v1/tickets/${id}`)
      .set('Authorization', await api.bearer(operator))
      .set('X-Request-Id', 'bad id\u00e9');
    expect(badId.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const entries = () => logs.entries();
    const ended = (es: Record<string, unknown>[]) => es.some((e) => e.msg === 'ticket ended' && e.workflowId === id);
    expect(ended(await eventually(async () => entries(), ended))).toBe(true);

    // The API's access lines: the route pattern, never the path with the ticket's id.
    expect(entries()).toContainEqual(
      expect.objectContaining({ component: 'api', msg: 'request', requestId: 'i19b-intake', method: 'POST', route: '/api/v1/tickets', status: 201 }),
    );
    expect(entries()).toContainEqual(expect.objectContaining({ requestId: 'i19b-read', route: '/api/v1/tickets/:id', status: 200 }));
    expect(entries()).toContainEqual(expect.objectContaining({ requestId: badId.headers['x-request-id'], route: '/api/v1/tickets/:id' }));
    // The workflow's lines: the start and each update under the request that sent it.
    const workflowLines = entries().filter((e) => e.component === 'temporal' && e.sdkComponent === 'workflow' && e.workflowId === id);
    expect(workflowLines).toContainEqual(expect.objectContaining({ msg: 'workflow started', requestId: 'i19b-intake' }));
    for (const requestId of ['i19b-dispatch', 'i19b-sign', 'i19b-reply', 'i19b-close']) {
      expect(workflowLines).toContainEqual(expect.objectContaining({ msg: 'update received', requestId }));
    }
    // The activities scheduled while handling a request carry its id (the SDK's own lines, and ours).
    const activityLines = entries().filter((e) => typeof e.activityType === 'string' && e.workflowId === id);
    expect(activityLines.length).toBeGreaterThan(0);
    expect(activityLines.filter((e) => e.requestId === 'i19b-intake').map((e) => e.msg)).toContain('Activity completed');
    expect(activityLines.filter((e) => typeof e.requestId === 'string').length).toBeGreaterThan(1);
    // Every line is JSON with a level, a time and the part of the system it comes from.
    for (const e of entries())
      expect(e).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), component: expect.any(String) }));

    const all = logs.lines.join('');
    expect(all).not.toContain(NAME);
    expect(all).not.toMatch(phoneInAnyForm);
    for (const b64 of phoneInBase64) expect(all).not.toContain(b64);
    expect(all).not.toContain(Buffer.from(NAME).toString('base64').slice(0, 12));
  });
});
