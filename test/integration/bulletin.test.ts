// Bulletins (seed 001 周专报、旬通报): the bulletin workflow on the time-skipping server mails every
// unit of the period its row and the ranking, with the CSV attached, through the real loopback SMTP
// server, from a real ledger; and the worker's schedules on the dev server are created once however
// often workers start, and can be paused as in the Temporal UI.
import type { Client } from '@temporalio/client';
import { loadCatalog } from '../../config/catalog-source';
import { bulletinPeriod } from '../../domain/bulletin';
import { catalogUnitGroups, defaultRankingWeights, rankPeriod } from '../../ledger/ranking';
import { bulletinCsv } from '../../ledger/csv';
import { bulletin, type BulletinInput } from '../../workflows/bulletin';
import { bulletinScheduleId, BULLETIN_TIMEZONE, ensureBulletinSchedules } from '../../worker/schedules';
import { useTimeSkippingLedgerWorker } from '../setup/ledger-worker';
import { devServer, eventually } from '../setup/temporal';
import { recordStories, Story } from '../unit/ledger-story';

const HOUSING = 'LJ-JB-HOUSING';
const ECO = 'LJ-ECO';
const STREET = 'LJ-JB-BJ-OFFICE';
const DESK = 'duban@test.example';
const catalog = loadCatalog();
const unit = (code: string) => catalog.units.find((u) => u.code === code)!;

// The first 旬 of March 2026, by hand (weights: 满意率 3; 响应率, 按时办结率, 办结率, 解决率 2; 及时签收率,
// 回退率, 一次办结率 1): 江北区住建局 2 tickets, both closed satisfied and resolved → 100; 滨江街道 1
// closed satisfied but unresolved → 解决率 0: 100 × 12/14 = 85.71; 市生态环境局 1 dispatched, never
// signed, deadline not yet passed: only 回退率 0 (→ 1, weight 1) and 办结率 0/1 (weight 2) → 33.33.
function stories(): Story[] {
  const done = (id: string, to: string, day: string, resolved = true) =>
    new Story({ id, at: `2026-03-${day}T08:30` })
      .dispatch(to, `2026-03-${day}T09:00`)
      .sign(`2026-03-${day}T09:10`)
      .handle({ first: `2026-03-${day}T09:20`, final: `2026-03-${day}T10:00`, reply: `2026-03-${day}T11:00`, approve: `2026-03-${day}T12:00` })
      .followUp('satisfied', resolved, `2026-03-${day}T15:00`);
  return [
    done('H1', HOUSING, '02'),
    done('H2', HOUSING, '03'),
    done('S1', STREET, '04', false),
    new Story({ id: 'E1', at: '2026-03-05T08:30' }).dispatch(ECO, '2026-03-05T09:00'),
    done('LATE', HOUSING, '12'), // the next 旬
  ];
}

describe('the bulletin workflow (time-skipping server, SMTP, ledger)', () => {
  const taskQueue = 'bulletin';
  const t = useTimeSkippingLedgerWorker(taskQueue, (ledger) => recordStories(ledger, stories()));
  // Once a result is awaited and nothing is pending, the time-skipping server's clock jumps ahead
  // (by years): a run is awaited only after it completed, its period is checked against its own
  // start time, and a bulletin sent again names its period.
  const run = async (workflowId: string, input: BulletinInput) => {
    const h = await t.env.client.workflow.start(bulletin, { taskQueue, workflowId, args: [input] });
    await eventually(
      () => h.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    return { result: await h.result(), startedAt: (await h.describe()).startTime.getTime() };
  };

  test('旬通报: every unit of the period gets its own row and the ranking, the desk the ranking; the CSV attached', async () => {
    const period = { from: '2026-03-01', to: '2026-03-10' };
    const { result } = await run('bulletin-dekad-2026-03-01', { kind: 'dekad', period });
    expect(result).toEqual({ kind: 'dekad', ...period, units: 3, sent: [ECO, STREET, HOUSING, 'supervision'], undeliverable: [] });

    const title = '旬通报（2026年3月上旬，2026-03-01至2026-03-10）';
    const mails = t.smtp.received.filter((m) => m.subject.includes(title));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([DESK, unit(ECO).email, unit(HOUSING).email, unit(STREET).email].sort());

    const housing = mails.find((m) => m.to[0] === unit(HOUSING).email)!;
    expect(housing.subject).toBe(`【12345热线】${title} ${unit(HOUSING).name}`);
    expect(housing.text).toContain(`${unit(HOUSING).name}：`);
    expect(housing.text).toContain(
      '受理量 2 件；及时签收率 100.00%；响应率 100.00%；按时办结率 100.00%；办结率 100.00%；满意率 100.00%；解决率 100.00%；回退率 0.00%；综合得分 100.00，排名第1名（共3个单位）。',
    );
    expect(housing.text).toContain(`1  ${unit(HOUSING).name}  100.00  100.00%  100.00%  100.00%  2  ← 本单位`);
    expect(housing.text).toContain(`\n2  ${unit(STREET).name}  85.71  100.00%  100.00%  100.00%  1\n`);
    expect(housing.text).toContain(`\n3  ${unit(ECO).name}  33.33  —  0.00%  —  1\n`);
    const eco = mails.find((m) => m.to[0] === unit(ECO).email)!;
    expect(eco.text).toContain(
      '受理量 1 件；及时签收率 —；响应率 —；按时办结率 —；办结率 0.00%；满意率 —；解决率 —；回退率 0.00%；综合得分 33.33，排名第3名（共3个单位）。',
    );

    const ranking = await rankPeriod(t.ledger, period, defaultRankingWeights, { groupOf: catalogUnitGroups(catalog) });
    const csv = bulletinCsv(period, ranking, (code) => unit(code).name);
    for (const m of mails) {
      expect(m.attachments).toHaveLength(1);
      expect(m.attachments[0]).toMatchObject({ filename: 'bulletin_dekad_2026-03-01_2026-03-10.csv', contentType: 'text/csv' });
      expect(m.attachments[0]!.content.toString('utf8')).toBe(csv);
    }
    expect(csv).toContain(`2026-03-01,2026-03-10,1,${HOUSING},${unit(HOUSING).name},部门,100,1,2,`);
    expect(csv).not.toContain('LATE');
  });

  test('周专报 without a period: the week before the run, by Beijing date; the same bulletin sent again is the same message', async () => {
    const before = t.smtp.received.length;
    const { result, startedAt } = await run('bulletin-weekly-1', { kind: 'weekly' });
    expect({ from: result.from, to: result.to }).toEqual(bulletinPeriod('weekly', startedAt));
    // Only the desk hears of a week without tickets.
    expect(result.sent).toEqual(['supervision']);
    const mail = t.smtp.received[before]!;
    expect(mail.subject).toBe(`【12345热线】周专报（${result.from}至${result.to}）`);
    expect(mail.text).toContain('本期无派单。');
    // Sent again by hand for that week (the server's clock has moved on meanwhile).
    await run('bulletin-weekly-2', { kind: 'weekly', period: { from: result.from, to: result.to } });
    expect(t.smtp.received[before + 1]!.messageId).toBe(mail.messageId);
  });
});

describe('the bulletin schedules (dev server)', () => {
  let client: Client;
  let close: () => Promise<void>;
  const taskQueue = `bulletin-schedules-${process.pid}-${Date.now().toString(36)}`;
  beforeAll(async () => ({ client, close } = await devServer()));
  afterAll(async () => {
    for (const kind of ['weekly', 'dekad'] as const)
      await client.schedule
        .getHandle(bulletinScheduleId(taskQueue, kind))
        .delete()
        .catch(() => undefined);
    await close();
  });

  test('created at the first worker start, never twice; pausable; weekly Monday and 1st/11th/21st at 08:00 Beijing', async () => {
    const ids = [bulletinScheduleId(taskQueue, 'weekly'), bulletinScheduleId(taskQueue, 'dekad')];
    expect(await ensureBulletinSchedules(client, taskQueue)).toEqual(ids);
    // Two more workers starting, one of them at the same moment as another: nothing new.
    expect(await Promise.all([ensureBulletinSchedules(client, taskQueue), ensureBulletinSchedules(client, taskQueue)])).toEqual([[], []]);
    const listed: string[] = [];
    for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(taskQueue)) listed.push(s.scheduleId);
    expect(listed.sort()).toEqual([...ids].sort());

    const weekly = await client.schedule.getHandle(ids[0]!).describe();
    expect(weekly.spec.timezone).toBe(BULLETIN_TIMEZONE);
    expect(weekly.spec.calendars).toEqual([
      expect.objectContaining({ dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }], hour: [{ start: 8, end: 8, step: 1 }] }),
    ]);
    expect(weekly.action).toMatchObject({ type: 'startWorkflow', workflowType: 'bulletin', args: [{ kind: 'weekly' }], taskQueue });
    const dekad = await client.schedule.getHandle(ids[1]!).describe();
    expect(dekad.spec.calendars).toEqual([
      expect.objectContaining({
        dayOfMonth: [
          { start: 1, end: 1, step: 1 },
          { start: 11, end: 11, step: 1 },
          { start: 21, end: 21, step: 1 },
        ],
      }),
    ]);
    const next = new Date(dekad.info.nextActionTimes[0]!);
    expect([1, 11, 21]).toContain(Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(next)));

    // Paused as an operator would in the UI: a later worker start leaves it paused.
    await client.schedule.getHandle(ids[0]!).pause('假期暂停');
    expect(await ensureBulletinSchedules(client, taskQueue)).toEqual([]);
    expect((await client.schedule.getHandle(ids[0]!).describe()).state).toMatchObject({ paused: true, note: '假期暂停' });
  });
});
