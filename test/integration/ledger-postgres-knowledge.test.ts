// The knowledge base, notices and the preview's reads on a real PostgreSQL server (Beijing time zone)
// and on PGlite: the same answers from the same SQL, no extension needed (issue 15).
import type { LedgerDb } from '../../ledger/db';
import { openLedger } from '../../ledger/open';
import { createArticle, publishVersion, searchArticles } from '../../ledger/knowledge';
import { createNotice, listNotices } from '../../ledger/notices';
import { previewIntake } from '../../api/knowledge/preview';
import { duplicateFixture } from '../../bench/knowledge/duplicate-fixture';
import { measureDuplicateQuality } from '../../bench/knowledge/duplicate-quality';
import { openTestLedger } from '../setup/ledger';
import { startPostgres, TestPostgres } from '../setup/postgres';

let server: TestPostgres;
const dbs: Record<'postgres' | 'pglite', LedgerDb> = {} as never;
const at = new Date('2026-06-01T02:00:00Z');

const articles = [
  { title: '计划停水和临时停水的查询办法', body: '临时停水可拨打供水热线查询恢复供水时间。', tags: ['停水'] },
  { title: '暖气不热的处理', body: '室温低于18度可向供热企业报修，暖气不热请先排气。', tags: ['供暖'] },
  { title: '路灯不亮如何报修', body: '道路路灯由城市照明管理处负责维护，报修时请说明路段。', tags: ['路灯'] },
];

beforeAll(async () => {
  server = await startPostgres({ timezone: 'Asia/Shanghai' });
  dbs.postgres = await openLedger({ databaseUrl: await server.createDatabase('knowledge'), dataDir: '/nonexistent' });
  dbs.pglite = await openTestLedger();
  for (const db of Object.values(dbs)) {
    for (const a of articles) {
      const row = await createArticle(db, { units: [], ...a }, at, 'admin');
      await publishVersion(db, row.id, 1, at, 'admin');
    }
    await createNotice(
      db,
      {
        category: 'WATER_OUTAGE',
        area: { district: 'JB', street: 'JB-BJ' },
        from: '2026-06-01T00:00:00Z',
        until: '2026-06-02T00:00:00Z',
        text: '停水公告',
      },
      undefined,
      at,
      'admin',
    );
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(dbs).map((d) => d?.close()));
  await server?.stop();
});

test('search ranks alike on both', async () => {
  for (const q of ['小区停水了什么时候来水', '暖气不热怎么办', '路灯坏了']) {
    const [pg, lite] = await Promise.all(Object.values(dbs).map((db) => searchArticles(db, { text: q, today: '2026-06-01', limit: 3 })));
    expect(pg!.map((h) => [h.articleId, h.score])).toEqual(lite!.map((h) => [h.articleId, h.score]));
    expect(pg!.length).toBeGreaterThan(0);
  }
});

test('notices in force and the preview read alike; the duplicate figures are the same', async () => {
  for (const db of Object.values(dbs)) {
    expect(await listNotices(db, { activeAt: new Date('2026-06-01T12:00:00Z'), district: 'JB', street: 'JB-BJ', limit: 10, offset: 0 })).toHaveLength(
      1,
    );
    expect(await listNotices(db, { activeAt: new Date('2026-06-02T12:00:00Z'), limit: 10, offset: 0 })).toHaveLength(0);
  }
  const fixture = duplicateFixture().slice(0, 80);
  const [pg, lite] = [await measureDuplicateQuality(dbs.postgres, fixture), await measureDuplicateQuality(dbs.pglite, fixture)];
  expect({ ...pg, previewMsP95: 0 }).toEqual({ ...lite, previewMsP95: 0 });
  const probe = fixture.at(-1)!;
  const [a, b] = await Promise.all(
    Object.values(dbs).map((db) =>
      previewIntake(
        db,
        {
          category: probe.category,
          description: probe.description,
          location: { district: probe.district, street: probe.street, address: probe.address },
        },
        new Date(probe.registeredAt),
      ),
    ),
  );
  expect(a).toEqual(b);
}, 120_000);
