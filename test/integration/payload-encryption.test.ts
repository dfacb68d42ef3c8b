// Citizen data in Temporal's history is ciphertext (payload codec), readable only through the codec
// server, by admins, each decode logged; on the real dev server, read with the temporal CLI as an
// admin would (`temporal workflow show --output json`, with and without --codec-endpoint).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { payloadEncryption } from '../../codec/data-converter';
import { KEY_ID_METADATA } from '../../codec/payload-codec';
import { ensureTemporalCli } from '../../platform/temporal-cli';
import { apiHarness, ApiHarness, callerOf, intakeBody, PHONE, replyBody, TEMPORAL_UI_ORIGIN, Who } from '../setup/api';
import { testKeyRing } from '../setup/payload-keys';

const LEAD = 'LJ-JB-HOUSING';
const NAME = '张三';
const DESCRIPTION = '小区电梯长期故障，物业不维修';
const operator: Who = { role: 'operator', sub: 'op-1' };
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const handler: Who = { role: 'handler', unit: LEAD, sub: 'h-1' };
const reviewer: Who = { role: 'reviewer', unit: LEAD, sub: 'r-1' };
const leader: Who = { role: 'unit_leader', unit: LEAD, sub: 'l-1' };
const followUp: Who = { role: 'follow_up', sub: 'fu-1' };
const admin: Who = { role: 'admin', sub: 'ad-1' };

const run = promisify(execFile);

/** Every string of a JSON document, and what each base64 one decodes to: where a citizen's data could show. */
function readable(json: string): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      out.push(v);
      if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) out.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json));
  return out.join('\n');
}

describe('payload encryption: Temporal’s history holds no citizen data in the clear', () => {
  const taskQueueName = 'encryption';
  let api: ApiHarness;
  let cli: string;
  afterAll(() => api?.close());
  beforeAll(async () => {
    cli = await ensureTemporalCli(() => undefined);
  });

  const { act } = callerOf(() => api);
  const show = async (id: string, codec?: { endpoint: string; auth: string }) => {
    const args = ['workflow', 'show', '--workflow-id', id, '--output', 'json', '--address', process.env.HOTLINE_TEST_TEMPORAL_ADDRESS!];
    if (codec) args.push('--codec-endpoint', codec.endpoint, '--codec-auth', codec.auth);
    return (await run(cli, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  };

  test('a whole lifecycle, then rotation: raw history ciphertext only; the codec server shows it to admins, logged', async () => {
    // Key "a" current: intake to sign-off.
    api = await apiHarness(taskQueueName, { encryption: testKeyRing(['a']) });
    const created = await api
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', await api.bearer(operator))
      .send(intakeBody());
    expect(created.status).toBe(201);
    expect(created.body.requesters[0]).toMatchObject({ name: NAME, phone: PHONE });
    const id: string = created.body.id;
    // What the Web UI lists (decoded through the codec): the ticket in Chinese, no personal data.
    const described = await api.client.workflow.getHandle(id).describe();
    expect(await described.staticSummary()).toBe(`工单 ${id} · 物业管理 · 江北区 · 电话`);
    const meta = await api.client.workflow.getHandle(id).query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(meta.currentDetails).toContain('[已登记待派单]');
    for (const shown of [JSON.stringify(described.memo), meta.currentDetails])
      for (const secret of [PHONE, NAME, DESCRIPTION, '北街1号']) expect(shown).not.toContain(secret);
    await act(id, dispatcher, 'dispatch', { unit: LEAD });
    await act(id, handler, 'sign');
    await act(id, handler, 'contact', { stage: 'first', method: 'phone', note: `已电话联系${NAME}` });
    await act(id, handler, 'contact', { stage: 'final', method: 'phone' });
    await act(id, handler, 'reply', replyBody);
    await act(id, reviewer, 'review-reply');

    // Rotation: the worker and the API restart with "b" current and "a" still in the ring.
    await api.close();
    api = await apiHarness(taskQueueName, { encryption: testKeyRing(['a', 'b'], 'b') });
    expect((await act(id, leader, 'approve-reply', { note: '同意' })).status).toBe('follow_up');
    const closed = await act(id, followUp, 'follow-up', { satisfaction: 'satisfied', resolved: true });
    expect(closed).toMatchObject({ status: 'closed', requesters: [{ name: NAME, phone: PHONE }] });

    const raw = readable(await show(id));
    for (const secret of [PHONE, NAME, DESCRIPTION, replyBody.content]) expect(raw).not.toContain(secret);
    // Payloads of both keys are in the history, each naming its key.
    const history = JSON.parse(await show(id)) as { events: unknown[] };
    const keyIds = new Set(
      JSON.stringify(history.events)
        .match(new RegExp(`"${KEY_ID_METADATA}":"([^"]+)"`, 'g'))
        ?.map((m) => Buffer.from(m.split(':')[1]!.slice(1, -1), 'base64').toString()),
    );
    expect(keyIds).toEqual(new Set(['a', 'b']));

    // Through the codec server, as an admin: the same history in the clear, and the read logged.
    const endpoint = `${api.url}/codec`;
    const decoded = readable(await show(id, { endpoint, auth: await api.bearer(admin) }));
    for (const secret of [PHONE, NAME, DESCRIPTION, replyBody.content]) expect(decoded).toContain(secret);
    const log = await api
      .http()
      .get(`/api/v1/phone-reads?ticket=${id}`)
      .set('Authorization', await api.bearer(admin));
    expect(log.body.items.filter((r: { via: string }) => r.via === 'codec-decode')).toContainEqual(
      expect.objectContaining({ ticketId: id, actorId: 'ad-1', actorRole: 'admin' }),
    );

    // A client whose ring lost "a" cannot read the ticket's start, and says which key it needs.
    const plain = new Client({ connection: api.client.connection });
    const [started] = (await plain.workflow.getHandle(id).fetchHistory()).events!;
    const input = started!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    await expect(payloadEncryption(testKeyRing(['b'])).codec.decode(input)).rejects.toThrow('key "a", which is not in the key ring');
  });

  test('the codec server: 401 without a token, 403 for a non-admin, CORS for the Web UI, pass-through of plain payloads', async () => {
    const body = {
      payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }],
    };
    expect((await api.http().post('/codec/decode').send(body)).status).toBe(401);
    const handlerRes = await api
      .http()
      .post('/codec/decode')
      .set('Authorization', await api.bearer(handler))
      .send(body);
    expect(handlerRes.status).toBe(403);
    expect(
      (
        await api
          .http()
          .post('/codec/encode')
          .set('Authorization', await api.bearer(leader))
          .send(body)
      ).status,
    ).toBe(403);
    const pre = await api.http().options('/codec/decode').set('Origin', TEMPORAL_UI_ORIGIN).set('Access-Control-Request-Method', 'POST');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(TEMPORAL_UI_ORIGIN);
    expect(pre.headers['access-control-allow-headers']).toContain('X-Namespace');
    const foreign = await api.http().options('/codec/decode').set('Origin', 'http://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    const asAdmin = await api.bearer(admin);
    const encoded = await api.http().post('/codec/encode').set('Authorization', asAdmin).set('X-Namespace', 'default').send(body);
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const back = await api.http().post('/codec/decode').set('Authorization', asAdmin).send(encoded.body);
    expect(back.status).toBe(200);
    expect(back.headers['cache-control']).toBe('no-store');
    const [p] = back.body.payloads;
    expect(
      defaultPayloadConverter.fromPayload({
        metadata: { encoding: Buffer.from(p.metadata.encoding, 'base64') },
        data: Buffer.from(p.data, 'base64'),
      }),
    ).toBe('x');
    // Plain payloads come back as they are.
    expect((await api.http().post('/codec/decode').set('Authorization', asAdmin).send(body)).body).toEqual(body);
    expect(
      (
        await api
          .http()
          .post('/codec/decode')
          .set('Authorization', asAdmin)
          .send({ payloads: [{ data: '%%%' }] })
      ).status,
    ).toBe(400);
    // Altered ciphertext is the caller's error (400), not the server's.
    const altered = { payloads: [{ ...encoded.body.payloads[0], data: Buffer.from('not the ciphertext at all').toString('base64') }] };
    const refused = await api.http().post('/codec/decode').set('Authorization', asAdmin).send(altered);
    expect([refused.status, refused.body.error.details[0].path]).toEqual([400, 'payloads']);
  });
});
