// `npm run bench -- --only knowledge`: search and intake-preview latency (issue 15) on a ledger of
// 10,000 published articles and 100,000 tickets (goal: p95 ≤ 50 ms on 2 cores; printed, not
// asserted), and the duplicate suggestions' precision and recall at 3 on their fixture. The ledger
// is PGlite in memory, or PostgreSQL with --ledger postgres and DATABASE_URL. Rows are bulk-inserted
// in SQL (the tickets as copies of one recorded ticket with varied fields): what is measured is
// the reads, not the loading.
import { articleTerms } from '../../domain/knowledge/text-match';
import { beijingDate } from '../../domain/calendar';
import type { LedgerDb } from '../../ledger/db';
import { migrate } from '../../ledger/migrate';
import { openPglite } from '../../ledger/pglite';
import { openPostgres } from '../../ledger/postgres';
import { searchArticles } from '../../ledger/knowledge';
import { previewIntake } from '../../api/knowledge/preview';
import { recordTicket } from '../../ledger/recorder';
import { register, defaultRules } from '../../domain/ticket';
import { loadCalendar } from '../../config/calendar-source';
import { summarize, type LatencySummary } from '../lib/load';
import { seeded } from '../../ledger/synthetic/city';
import { duplicateFixture } from './duplicate-fixture';
import { measureDuplicateQuality, type DuplicateQuality } from './duplicate-quality';

export interface KnowledgeFigures {
  ledger: 'pglite' | 'postgres';
  articles: number;
  tickets: number;
  openCandidatesPerPreview: number;
  loadSeconds: number;
  searchMs: LatencySummary;
  previewMs: LatencySummary;
  duplicates: DuplicateQuality;
}

export const KNOWLEDGE_GOAL_P95_MS = 50;

const topics = [
  ['停水', '供水', '水压', '管网维修', '自来水公司'],
  ['停电', '供电', '电压', '电力抢修', '跳闸'],
  ['燃气', '停气', '燃气泄漏', '燃气公司', '阀门'],
  ['路灯', '井盖', '护栏', '市政设施', '城市照明'],
  ['电梯', '物业', '维修基金', '业主委员会', '物业服务'],
  ['噪音', '夜间施工', '渣土车', '施工许可', '扰民'],
  ['社保卡', '医保', '养老保险', '参保缴费', '社保经办'],
  ['公积金', '提取', '贷款', '缴存', '公积金中心'],
  ['户籍', '身份证', '居住证', '落户', '派出所'],
  ['拖欠工资', '劳动合同', '劳动监察', '仲裁', '工伤'],
  ['占道经营', '摊贩', '城管', '楼道堆物', '邻里纠纷'],
  ['消费维权', '退款', '预付卡', '市场监管', '商家'],
];
const fillers = ['如何办理', '办理流程', '常见问题', '注意事项', '咨询电话', '所需材料', '办理时限', '政策依据', '受理范围', '收费标准'];

/** A plausible article: a topic's words in a title and a body of a few sentences. */
function article(i: number, rnd: () => number) {
  const t = topics[i % topics.length]!;
  const w = () => t[Math.floor(rnd() * t.length)]!;
  const f = () => fillers[Math.floor(rnd() * fillers.length)]!;
  const title = `${w()}${f()}（${i}）`;
  const body = Array.from(
    { length: 4 },
    () => `关于${w()}的${f()}：市民可通过12345热线或${w()}窗口咨询，按${f()}办理，一般在五个工作日内答复。`,
  ).join('');
  return { title, body, tags: [w(), w()] };
}

export async function loadArticles(db: LedgerDb, n: number, at: Date): Promise<void> {
  const rnd = seeded(1015);
  const CHUNK = 250;
  for (let from = 0; from < n; from += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, n - from) }, (_, k) => ({
      id: `KB${String(from + k + 1).padStart(6, '0')}`,
      ...article(from + k, rnd),
    }));
    await db.transaction(async (tx) => {
      const rows = JSON.stringify(batch.map((a) => ({ id: a.id, title: a.title, body: a.body, tags: a.tags })));
      await tx.query(
        `INSERT INTO knowledge_articles (id, status, latest_version, published_version, units, created_at, created_by, updated_at, published_at, published_by)
         SELECT id, 'published', 1, 1, '[]'::jsonb, $2, 'bench', $2, $2, 'bench' FROM jsonb_to_recordset($1::jsonb) AS a(id text)`,
        [rows, at],
      );
      await tx.query(
        `INSERT INTO knowledge_versions (article_id, version, title, body, units, tags, saved_at, saved_by)
         SELECT id, 1, title, body, '[]'::jsonb, tags, $2, 'bench' FROM jsonb_to_recordset($1::jsonb) AS a(id text, title text, body text, tags jsonb)`,
        [rows, at],
      );
      const terms = batch.flatMap((a) => [...articleTerms(a)].map(([term, weight]) => ({ a: a.id, t: term, w: weight })));
      await tx.query(
        `INSERT INTO knowledge_terms (article_id, term, weight) SELECT a, t, w FROM jsonb_to_recordset($1::jsonb) AS x(a text, t text, w real)`,
        [JSON.stringify(terms)],
      );
    });
  }
  await db.exec('ANALYZE knowledge_articles; ANALYZE knowledge_versions; ANALYZE knowledge_terms');
  await db.query(`SELECT setval('knowledge_article_seq', $1)`, [n]);
}

const categories = [
  'WATER_OUTAGE',
  'POWER_OUTAGE',
  'GAS_FAULT',
  'PUBLIC_FACILITY_DAMAGE',
  'PROPERTY_MANAGEMENT',
  'NIGHT_CONSTRUCTION_NOISE',
  'ENVIRONMENTAL_POLLUTION',
  'NEIGHBORHOOD_ORDER',
  'ROAD_TRAFFIC',
  'CONSUMER_RIGHTS',
  'POLICY_INQUIRY',
  'WAGE_ARREARS',
  'ILLEGAL_CONSTRUCTION',
  'PUBLIC_SAFETY_HAZARD',
  'TELECOM_OUTAGE',
];
const places = ['JB:JB-BJ', 'JB:JB-WH', 'JB:JB-XH', 'JN:JN-NH', 'JN:JN-DS', 'LG:LG-GQ', 'LG:LG-HW'];

/**
 * 100,000 tickets over the 60 days before `now`: one recorded through the recorder, then copied in
 * SQL with the category, place, text, time and status varied; a fifth still open (the candidates).
 */
async function loadTickets(db: LedgerDb, n: number, now: Date): Promise<void> {
  const texts = duplicateFixture({ seed: 99 }).map((t) => ({ d: t.description, a: t.address }));
  const template = register({
    id: 'BENCH-TEMPLATE',
    intake: {
      channel: 'phone',
      requestType: 'complaint',
      citizen: { anonymous: true, followUp: false },
      category: 'WATER_OUTAGE',
      description: '模板',
      location: { district: 'JB', street: 'JB-BJ', address: '模板' },
    },
    registeredAt: now.toISOString(),
    registeredBy: { id: 'bench', role: 'operator' },
    rules: defaultRules,
    calendar: loadCalendar(),
  });
  await recordTicket(db, template);
  const CHUNK = 10_000;
  for (let from = 0; from < n; from += CHUNK) {
    await db.query(
      `INSERT INTO ticket_summaries (id, channel, category, district, street, lead_unit, co_units, status, registered_at, registered_date, deadlines,
                                     overdue, designated, provincial, jsbl, urgent, dispatches, returns, transfers, rehandles, urges, requesters, state, last_seq)
       SELECT 'B' || lpad(g::text, 7, '0'), s.channel, c.cats ->> h.c, split_part(p.places ->> h.p, ':', 1), split_part(p.places ->> h.p, ':', 2),
              s.lead_unit, s.co_units, CASE WHEN h.o = 0 THEN 'registered' ELSE 'closed' END,
              r.at, (r.at + interval '8 hours')::date, s.deadlines, s.overdue, s.designated, s.provincial, s.jsbl, s.urgent,
              s.dispatches, s.returns, s.transfers, s.rehandles, s.urges, s.requesters,
              jsonb_set(jsonb_set(s.state, '{description}', x.texts -> (g % $5) -> 'd'), '{location,address}', x.texts -> (g % $5) -> 'a'), s.last_seq
         FROM ticket_summaries s, generate_series($1::int, $2::int) AS g,
              LATERAL (SELECT $3::timestamptz - ((g * 7919) % (60 * 86400)) * interval '1 second' AS at) r,
              -- Independent hashes: a plain modulo would tie the category to the status.
              LATERAL (SELECT abs(hashtext(g || 'c')) % 15 AS c, abs(hashtext(g || 'p')) % 7 AS p, abs(hashtext(g || 'o')) % 5 AS o) h,
              (SELECT $4::jsonb AS cats) c, (SELECT $6::jsonb AS places) p, (SELECT $7::jsonb AS texts) x
        WHERE s.id = 'BENCH-TEMPLATE'`,
      [from + 1, Math.min(n, from + CHUNK), now, JSON.stringify(categories), texts.length, JSON.stringify(places), JSON.stringify(texts)],
    );
  }
  await db.exec('ANALYZE ticket_summaries');
}

const questions = [
  '小区停水了什么时候来水',
  '家里突然停电怎么办',
  '闻到燃气味应该找谁',
  '路灯坏了去哪里报修',
  '电梯坏了物业不修怎么办',
  '晚上工地施工太吵',
  '社保卡丢了怎么补办',
  '公积金怎么提取',
  '身份证过期了怎么换',
  '公司拖欠工资怎么投诉',
  '楼下有人占道摆摊',
  '预付卡商家跑路了怎么退款',
];

async function timed(n: number, f: (i: number) => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < Math.min(20, n); i++) await f(i); // warm-up: plans cached, pages read
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    ms.push(performance.now() - t);
  }
  return summarize(ms);
}

export async function knowledgeBench(
  o: { articles?: number; tickets?: number; samples?: number; ledger?: 'pglite' | 'postgres'; log?: (m: string) => void } = {},
): Promise<KnowledgeFigures> {
  const log = o.log ?? console.log;
  const articles = o.articles ?? 10_000;
  const tickets = o.tickets ?? 100_000;
  const samples = o.samples ?? 300;
  const ledger = o.ledger ?? 'pglite';
  const now = new Date();

  log('[knowledge] duplicate suggestions on their fixture (empty ledger)');
  const quality = await (async () => {
    const db = await openPglite();
    await migrate(db);
    try {
      return await measureDuplicateQuality(db);
    } finally {
      await db.close();
    }
  })();

  const url = process.env.DATABASE_URL;
  if (ledger === 'postgres' && !url) throw new Error('--ledger postgres needs DATABASE_URL (an empty database)');
  const db = ledger === 'postgres' ? openPostgres(url!) : await openPglite();
  try {
    await migrate(db);
    const started = Date.now();
    log(`[knowledge] loading ${articles} articles and ${tickets} tickets`);
    await loadArticles(db, articles, now);
    await loadTickets(db, tickets, now);
    const loadSeconds = Math.round((Date.now() - started) / 1000);
    const probe = duplicateFixture({ seed: 7 });
    const [{ n: open }] = await db.query<{ n: number }>(
      `SELECT (count(*) / 45)::int AS n FROM ticket_summaries WHERE status = 'registered' AND registered_at >= $1`,
      [new Date(+now - 30 * 86_400_000)],
    );
    log(`[knowledge] search: ${samples} queries`);
    const today = beijingDate(now);
    const searchMs = await timed(samples, (i) => searchArticles(db, { text: questions[i % questions.length]!, today, limit: 10 }));
    log(`[knowledge] preview: ${samples} intakes`);
    const previewMs = await timed(samples, (i) => {
      const t = probe[i % probe.length]!;
      return previewIntake(
        db,
        { category: t.category, description: t.description, location: { district: t.district, street: t.street, address: t.address } },
        now,
      );
    });
    return { ledger, articles, tickets, openCandidatesPerPreview: open!, loadSeconds, searchMs, previewMs, duplicates: quality };
  } finally {
    await db.close();
  }
}

export function printKnowledge(f: KnowledgeFigures): void {
  const ok = (l: LatencySummary) => (l.p95 <= KNOWLEDGE_GOAL_P95_MS ? 'met' : 'NOT met');
  console.log(
    `\nknowledge (${f.ledger}: ${f.articles} articles, ${f.tickets} tickets, ~${f.openCandidatesPerPreview} open candidates per category and district; loaded in ${f.loadSeconds} s)`,
  );
  console.log(
    `  search  p50 ${f.searchMs.p50} / p95 ${f.searchMs.p95} / p99 ${f.searchMs.p99} ms   goal p95 ≤ ${KNOWLEDGE_GOAL_P95_MS} ms: ${ok(f.searchMs)}`,
  );
  console.log(
    `  preview p50 ${f.previewMs.p50} / p95 ${f.previewMs.p95} / p99 ${f.previewMs.p99} ms   goal p95 ≤ ${KNOWLEDGE_GOAL_P95_MS} ms: ${ok(f.previewMs)}`,
  );
  const d = f.duplicates;
  console.log(
    `  duplicates: ${d.tickets} tickets, ${d.matters} matters; precision@3 ${d.precisionAt3}, recall@3 ${d.recallAt3} (${d.correct}/${d.suggested} suggested, ${d.found}/${d.relevant} found)`,
  );
}
