// The knowledge base in the ledger (issue 15): versions kept, only published and valid articles
// found, and the ranking of real Chinese questions against a handful of articles.
import type { LedgerDb } from '../../ledger/db';
import { createArticle, publishVersion, readArticle, readVersion, retireArticle, saveVersion, searchArticles } from '../../ledger/knowledge';
import { openTestLedger } from '../setup/ledger';

let db: LedgerDb;
const at = new Date('2026-06-01T02:00:00Z');
const today = '2026-06-10';
const ids: Record<string, string> = {};

const articles = {
  water: {
    title: '计划停水和临时停水的查询办法',
    body: '因管网维修需要计划停水的，供水公司提前24小时在小区张贴停水通知。临时停水可拨打供水热线查询恢复供水时间。',
    tags: ['停水', '供水'],
  },
  heating: {
    title: '供暖期开始时间及暖气不热的处理',
    body: '本市供暖期为11月15日至次年3月15日。室温低于18度可向供热企业报修，暖气不热请先排气。',
    tags: ['供暖', '暖气'],
  },
  streetlight: {
    title: '路灯不亮如何报修',
    body: '道路路灯由城市照明管理处负责维护，报修时请说明路段和灯杆编号。小区内路灯由物业负责。',
    tags: ['路灯'],
  },
  noise: {
    title: '夜间施工噪音的投诉',
    body: '夜间22时至次日6时禁止产生噪声的建筑施工作业，确需连续作业的须取得证明并公告附近居民。',
    tags: ['噪音', '施工'],
  },
  social: { title: '社保卡补办流程', body: '社保卡遗失后可先电话挂失，再携带身份证到社保经办机构或合作银行网点补办。', tags: ['社保卡'] },
  expired: { title: '2025年夏季临时停水安排', body: '2025年夏季高峰期部分区域临时停水，详见各小区通知。', tags: ['停水'], validUntil: '2025-09-30' },
};

beforeAll(async () => {
  db = await openTestLedger();
  for (const [key, a] of Object.entries(articles)) {
    const row = await createArticle(db, { units: [], ...a }, at, 'admin-1');
    await publishVersion(db, row.id, 1, at, 'admin-1');
    ids[key] = row.id;
  }
});
afterAll(() => db?.close());

const top = async (q: string, limit = 3) => (await searchArticles(db, { text: q, today, limit })).map((h) => h.articleId);

test('real questions find the article that answers them first', async () => {
  expect((await top('我家小区今天突然停水了，什么时候来水？'))[0]).toBe(ids.water);
  expect((await top('暖气一点都不热怎么办'))[0]).toBe(ids.heating);
  expect((await top('楼下马路的路灯坏了好几天'))[0]).toBe(ids.streetlight);
  expect((await top('半夜工地还在施工，吵得睡不着'))[0]).toBe(ids.noise);
  expect((await top('社保卡丢了去哪里补办'))[0]).toBe(ids.social);
});

test('an article out of its validity is not found; nothing shared finds nothing', async () => {
  expect(await top('2025年夏季临时停水安排', 10)).not.toContain(ids.expired);
  expect(await top('公积金提取')).toEqual([]);
  expect(await top('，。！')).toEqual([]);
});

test('a saved version is not searched until published; a retired article is not found; versions stay readable', async () => {
  const a = (await createArticle(
    db,
    { title: '燃气泄漏应急', body: '闻到燃气味请立即开窗通风，关闭阀门，到室外拨打燃气抢修电话。', units: [], tags: [] },
    at,
    'admin-1',
  ))!;
  expect(await top('燃气泄漏')).not.toContain(a.id); // a draft
  await publishVersion(db, a.id, 1, at, 'admin-1');
  expect((await top('闻到燃气味怎么办'))[0]).toBe(a.id);

  const saved = await saveVersion(db, a.id, 1, { title: '燃气泄漏应急处置', body: '液化气钢瓶泄漏请关闭角阀。', units: [], tags: [] }, at, 'admin-1');
  expect(saved).toMatchObject({ status: 'published', latestVersion: 2, publishedVersion: 1 });
  expect(await saveVersion(db, a.id, 1, { title: 'x', body: 'y', units: [], tags: [] }, at, 'admin-1')).toBeUndefined(); // stale base
  expect(await top('液化气钢瓶')).not.toContain(a.id);
  await publishVersion(db, a.id, 2, at, 'admin-1');
  expect((await top('液化气钢瓶'))[0]).toBe(a.id);

  await retireArticle(db, a.id, at, 'admin-1');
  expect(await top('液化气钢瓶')).not.toContain(a.id);
  expect((await readArticle(db, a.id))!.status).toBe('retired');
  expect((await readVersion(db, a.id, 1))!.title).toBe('燃气泄漏应急');
});
