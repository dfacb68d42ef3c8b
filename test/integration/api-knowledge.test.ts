// Issue 15 over HTTP: the knowledge base (editors, review, versions, search), temporary notices
// (who publishes, expiry), the intake preview (notices, articles, probable duplicates) and the
// answer action citing an article version or a notice, counted in the knowledge statistics.
import type { LedgerDb } from '../../ledger/db';
import { createNotice } from '../../ledger/notices';
import { apiHarness, ApiHarness, callerOf, eventually, intakeBody, Who } from '../setup/api';
import { openTestLedger } from '../setup/ledger';

const UNIT = 'LJ-WATER';
const OTHER = 'LJ-POWER';
const admin: Who = { role: 'admin' };
const operator: Who = { role: 'operator' };
const waterStaff: Who = { role: 'handler', unit: UNIT };
const powerStaff: Who = { role: 'handler', unit: OTHER };

const waterArticle = {
  title: '计划停水和临时停水的查询办法',
  body: '因管网维修需要计划停水的，供水公司提前24小时在小区张贴停水通知。临时停水可拨打供水热线查询恢复供水时间。',
  category: 'WATER_OUTAGE',
  tags: ['停水', '供水'],
};
const hour = 3_600_000;

describe('API: knowledge base, notices, intake preview', () => {
  let api: ApiHarness;
  let db: LedgerDb;
  const { post, get } = callerOf(() => api);
  const put = async (path: string, who: Who, body: object) =>
    api
      .http()
      .put(path)
      .set('Authorization', await api.bearer(who))
      .send(body);

  beforeAll(async () => {
    db = await openTestLedger();
    api = await apiHarness('knowledge', { ledger: db });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  const publishedArticle = async (content: object = waterArticle) => {
    const created = await post('/api/v1/knowledge', admin, content);
    expect(created.status).toBe(201);
    const published = await post(`/api/v1/knowledge/${created.body.id}/publish`, admin, {});
    expect(published.status).toBe(200);
    return published.body as { id: string; publishedVersion: number };
  };

  describe('knowledge base', () => {
    test('401 without a token; 400 naming the field; 403 for roles that do not edit', async () => {
      expect((await api.http().get('/api/v1/knowledge')).status).toBe(401);
      // A NUL in a filter never reaches the ledger (PostgreSQL refuses it): 400 naming the parameter.
      const nul = await get('/api/v1/knowledge?q=%E5%81%9C%E6%B0%B4&unit=%00', admin);
      expect(nul.status).toBe(400);
      expect(nul.body.error.details).toEqual([expect.objectContaining({ path: 'unit' })]);
      const noTitle = await post('/api/v1/knowledge', admin, { body: '正文' });
      expect(noTitle.status).toBe(400);
      expect(noTitle.body.error.details).toEqual([expect.objectContaining({ path: 'title' })]);
      const badCategory = await post('/api/v1/knowledge', admin, { ...waterArticle, category: 'NOPE', units: ['NOPE'] });
      expect(badCategory.status).toBe(400);
      expect(badCategory.body.error.details.map((d: { path: string }) => d.path)).toEqual(['category', 'units.0']);
      const badDates = await post('/api/v1/knowledge', admin, { ...waterArticle, validFrom: '2026-06-02', validUntil: '2026-06-01' });
      expect(badDates.body.error.details).toEqual([expect.objectContaining({ path: 'validUntil' })]);
      expect((await post('/api/v1/knowledge', operator, waterArticle)).status).toBe(403);
      const foreign = await post('/api/v1/knowledge', powerStaff, { ...waterArticle, units: [UNIT] });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.message).toContain('本单位');
    });

    test('a unit drafts its own article; only the hotline publishes it; others see it once published', async () => {
      const draft = await post('/api/v1/knowledge', waterStaff, waterArticle);
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({
        status: 'draft',
        statusLabel: '草稿',
        latestVersion: 1,
        publishedVersion: null,
        content: { units: [UNIT] },
      });
      const id = draft.body.id as string;
      expect((await get(`/api/v1/knowledge/${id}`, operator)).status).toBe(404); // a draft is not public
      const list = async (who: Who, query: Record<string, string>) =>
        (
          await api
            .http()
            .get('/api/v1/knowledge')
            .query(query)
            .set('Authorization', await api.bearer(who))
        ).body.items.map((a: { id: string }) => a.id);
      expect(await list(waterStaff, { status: 'draft', category: 'WATER_OUTAGE' })).toContain(id);
      expect(await list(waterStaff, { status: 'draft', category: 'POWER_OUTAGE' })).not.toContain(id);
      expect(await list(operator, {})).not.toContain(id);
      expect(
        (
          await api
            .http()
            .get('/api/v1/knowledge')
            .query({ status: 'draft' })
            .set('Authorization', await api.bearer(operator))
        ).status,
      ).toBe(403);
      expect((await get(`/api/v1/knowledge/${id}`, powerStaff)).status).toBe(404);
      expect((await put(`/api/v1/knowledge/${id}`, powerStaff, { baseVersion: 1, article: waterArticle })).status).toBe(403);

      expect((await post(`/api/v1/knowledge/${id}/publish`, waterStaff, {})).status).toBe(403);
      const published = await post(`/api/v1/knowledge/${id}/publish`, admin, {});
      expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
      expect((await get(`/api/v1/knowledge/${id}`, operator)).body).toMatchObject({ id, content: { version: 1, title: waterArticle.title } });

      // The unit edits: version 2 waits for review; operators keep reading version 1.
      const edited = await put(`/api/v1/knowledge/${id}`, waterStaff, { baseVersion: 1, article: { ...waterArticle, title: '停水查询（修订）' } });
      expect(edited.body).toMatchObject({ status: 'published', latestVersion: 2, publishedVersion: 1, content: { version: 2 } });
      expect((await get(`/api/v1/knowledge/${id}`, operator)).body.content.version).toBe(1);
      expect((await get(`/api/v1/knowledge/${id}/versions/2`, operator)).status).toBe(404);
      expect((await get(`/api/v1/knowledge/${id}/versions/2`, waterStaff)).body.title).toBe('停水查询（修订）');
      const stale = await put(`/api/v1/knowledge/${id}`, waterStaff, { baseVersion: 1, article: waterArticle });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('第 2 版');
      expect((await get(`/api/v1/knowledge/${id}`, waterStaff)).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

      const retired = await post(`/api/v1/knowledge/${id}/retire`, waterStaff, {});
      expect(retired.body).toMatchObject({ status: 'retired', statusLabel: '已下架' });
      const again = await post(`/api/v1/knowledge/${id}/retire`, admin, {});
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ message: expect.stringContaining('已下架'), details: { status: 'retired' } });
      expect((await post(`/api/v1/knowledge/${id}/publish`, admin, {})).status).toBe(409);
      expect((await get('/api/v1/knowledge/KB999999', admin)).status).toBe(404);
      expect((await get('/api/v1/knowledge/nonsense', admin)).status).toBe(404);
    });

    test('search ranks published articles for a Chinese question', async () => {
      const water = await publishedArticle();
      const heating = await publishedArticle({ title: '暖气不热的处理', body: '室温低于18度可向供热企业报修，暖气不热请先排气。', tags: ['供暖'] });
      const res = await api
        .http()
        .get('/api/v1/knowledge')
        .query({ q: '小区突然停水了什么时候来水' })
        .set('Authorization', await api.bearer(operator));
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({ version: 1, title: waterArticle.title, excerpt: expect.any(String) });
      expect(res.body.items.map((h: { articleId: string }) => h.articleId)).toContain(water.id);
      expect(res.body.items.map((h: { articleId: string }) => h.articleId)).not.toContain(heating.id);
      const empty = await api
        .http()
        .get('/api/v1/knowledge')
        .query({ q: '', pageSize: 0 })
        .set('Authorization', await api.bearer(operator));
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['pageSize', 'q']);
    });
  });

  describe('notices', () => {
    const notice = {
      category: 'WATER_OUTAGE',
      area: { district: 'JB', street: 'JB-BJ' },
      from: new Date(Date.now() - hour).toISOString(),
      until: new Date(Date.now() + 6 * hour).toISOString(),
      text: '滨江街道因供水管网抢修，今日9时至15时停水，请提前储水。',
    };

    test('admins and units publish; others 403; 400 naming the field; expired and withdrawn ones are not in force', async () => {
      expect((await post('/api/v1/notices', operator, notice)).status).toBe(403);
      const bad = await post('/api/v1/notices', admin, { ...notice, area: { district: 'JB', street: 'JN-NH' }, until: notice.from });
      expect(bad.status).toBe(400);
      const badArea = await post('/api/v1/notices', admin, { ...notice, area: { district: 'JB', street: 'JN-NH' } });
      expect(badArea.body.error.details).toEqual([expect.objectContaining({ path: 'area.street' })]);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'until' })]);

      const byUnit = await post('/api/v1/notices', waterStaff, notice);
      expect(byUnit.status).toBe(201);
      expect(byUnit.body).toMatchObject({ unit: UNIT, active: true, area: notice.area });
      expect((await post(`/api/v1/notices/${byUnit.body.id}/withdraw`, powerStaff, {})).status).toBe(403);
      // Over: it expired by itself, no job ran.
      const expired = await createNotice(
        db,
        { ...notice, from: new Date(Date.now() - 9 * hour).toISOString(), until: new Date(Date.now() - hour).toISOString() },
        undefined,
        new Date(),
        'admin',
      );
      const active = await api
        .http()
        .get('/api/v1/notices')
        .query({ district: 'JB' })
        .set('Authorization', await api.bearer(operator));
      const ids = active.body.items.map((n: { id: string }) => n.id);
      expect(ids).toContain(byUnit.body.id);
      expect(ids).not.toContain(expired.id);
      expect((await get(`/api/v1/notices/${expired.id}`, operator)).body).toMatchObject({ active: false });

      const withdrawn = await post(`/api/v1/notices/${byUnit.body.id}/withdraw`, waterStaff, {});
      expect(withdrawn.body).toMatchObject({ active: false, withdrawnAt: expect.any(String) });
      expect((await post(`/api/v1/notices/${byUnit.body.id}/withdraw`, admin, {})).status).toBe(409);
      expect((await get('/api/v1/notices/NT999999', operator)).status).toBe(404);
    });

    test('the intake preview: notices for the category and place, articles, probable duplicates; nothing created', async () => {
      const n = (await post('/api/v1/notices', admin, notice)).body;
      const article = await publishedArticle();
      const first = await post('/api/v1/tickets', operator, {
        ...intakeBody({ category: 'WATER_OUTAGE', description: '滨江街道和平小区从早上开始停水，到现在还没来水' }),
      });
      expect(first.status).toBe(201);
      const body = intakeBody({ category: 'WATER_OUTAGE', description: '和平小区停水大半天了，什么时候能来水？' });

      expect((await post('/api/v1/tickets/preview', { role: 'dispatcher' }, body)).status).toBe(403);
      const bad = await post('/api/v1/tickets/preview', operator, { ...body, description: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'description' })]);

      const preview = await eventually(
        () => post('/api/v1/tickets/preview', operator, body),
        (r) => r.status === 200 && r.body.duplicates.length > 0,
      );
      expect(preview.body.notices.map((x: { id: string }) => x.id)).toContain(n.id);
      // The same article was published more than once in this file: any of them answers.
      expect(preview.body.articles[0]).toMatchObject({ title: waterArticle.title, version: 1 });
      expect(preview.body.articles.map((a: { articleId: string }) => a.articleId)).toContain(article.id);
      expect(preview.body.duplicates[0]).toMatchObject({ ticketId: first.body.id, status: 'registered', score: expect.any(Number) });
      expect(JSON.stringify(preview.body)).not.toContain('138');

      const tickets = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_summaries'))[0]!.n;
      const before = await tickets();
      expect((await post('/api/v1/tickets/preview', operator, body)).status).toBe(200);
      expect(await tickets()).toBe(before);
      const elsewhere = await post('/api/v1/tickets/preview', operator, { ...body, location: { district: 'LG' } });
      expect(elsewhere.body).toMatchObject({ notices: [], duplicates: [] });
    });
  });

  describe('answering from the knowledge base or a notice', () => {
    test('the answer cites an article version or a notice; a retired article is 409; the statistics count them', async () => {
      const article = await publishedArticle();
      const open = async () => (await post('/api/v1/tickets', operator, intakeBody({ category: 'WATER_OUTAGE' }))).body.id as string;
      const answer = (id: string, body: object) =>
        post(`/api/v1/tickets/${id}/actions/answer`, operator, { answer: '已告知诉求人停水原因和恢复时间', ...body });

      const t1 = await open();
      const badId = await answer(t1, { article: { articleId: 'X1', version: 0 } });
      expect(badId.status).toBe(400);
      expect(badId.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['article.articleId', 'article.version']);
      expect((await answer(t1, { article: { articleId: 'KB999999', version: 1 } })).status).toBe(404);
      expect((await answer(t1, { article: { articleId: article.id, version: 5 } })).status).toBe(404);
      const cited = await answer(t1, { article: { articleId: article.id, version: 1 } });
      expect(cited.status).toBe(200);
      expect(cited.body).toMatchObject({ status: 'answered', outcome: { article: { articleId: article.id, version: 1 } } });

      const n = (
        await post('/api/v1/notices', admin, {
          category: 'WATER_OUTAGE',
          area: { district: 'JB' },
          from: new Date(Date.now() - hour).toISOString(),
          until: new Date(Date.now() + hour).toISOString(),
          text: '江北区部分区域今日停水。',
        })
      ).body;
      const t2 = await open();
      const fromNotice = await answer(t2, { notice: n.id });
      expect(fromNotice.body).toMatchObject({ status: 'answered', outcome: { notice: n.id } });

      const retired = await publishedArticle();
      await post(`/api/v1/knowledge/${retired.id}/retire`, admin, {});
      const t3 = await open();
      const refused = await answer(t3, { article: { articleId: retired.id, version: 1 } });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({
        message: expect.stringContaining('已下架'),
        details: { status: 'registered', articleStatus: 'retired' },
      });
      expect((await get(`/api/v1/tickets/${t3}`, operator)).body.status).toBe('registered'); // nothing changed

      expect((await get('/api/v1/knowledge/stats', { role: 'dispatcher' })).status).toBe(403);
      const stats = await eventually(
        () => get('/api/v1/knowledge/stats', admin),
        (r) => r.status === 200 && r.body.notices.answers === 1 && r.body.articles.length === 1,
      );
      expect(stats.body.articles).toEqual([{ articleId: article.id, title: waterArticle.title, answers: 1, byVersion: { '1': 1 } }]);
      expect(stats.body.notices.byNotice).toEqual([{ noticeId: n.id, answers: 1 }]);
    });
  });
});
