// Bulletins on a schedule (seed 001 周专报、旬通报; 三率 three times a month; seed 002 周通报): the
// period's figures from the ledger, ranked as the monthly ranking is, mailed to every unit with its
// own row and the ranking, zh-CN, with the table attached as CSV; the supervision desk gets the
// ranking too. Unit addresses come from the catalog, as the dispatch mails' do. A retry resumes
// after the last recipient the previous attempt finished (heartbeat), and Message-IDs are derived
// from (kind, period, recipient), so a resent message is the same message.
import { asyncLocalStorage } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { BulletinKind, BulletinPeriod, bulletinPeriod, bulletinTitle } from '../domain/bulletin';
import { type Catalog, findUnit } from '../domain/catalog';
import { bulletinCsv, percent } from '../ledger/csv';
import type { Queryable } from '../ledger/db';
import { catalogUnitGroups, defaultRankingWeights, PeriodRanking, rankPeriod } from '../ledger/ranking';
import { rateDefinitions, type RateKey } from '../ledger/stats';
import { MailSettings, messageIdFor, permanentRecipientFailure, SUPERVISION_RECIPIENT, senderDomain } from './mail';

export interface BulletinRequest {
  kind: BulletinKind;
  /** When the bulletin was asked for (the schedule's run): the period is the last whole one before. */
  at: string;
  /** A period of one's own instead (a bulletin sent again by hand). */
  period?: BulletinPeriod;
}

export interface BulletinResult extends BulletinPeriod {
  kind: BulletinKind;
  /** Units ranked or listed in the period. */
  units: number;
  /** Recipients mailed (unit codes, and `supervision` for the desk). */
  sent: string[];
  /** Units with tickets in the period but no address in the catalog, or refused by the mail server. */
  undeliverable: string[];
}

export interface BulletinActivities {
  sendBulletin(req: BulletinRequest): Promise<BulletinResult>;
}

export interface BulletinDeps {
  ledger: () => Promise<Queryable>;
  mailer: Transporter;
  catalog: () => Catalog;
  mail: MailSettings;
}

/** 三率 as Jiayuguan publishes them (seed 001), and the other rates each unit sees on its row. */
const THREE_RATES: RateKey[] = ['response', 'completion', 'satisfaction'];
const ROW_RATES: RateKey[] = ['timelySign', 'response', 'onTimeCompletion', 'completion', 'satisfaction', 'solved', 'return'];

const nameIn = (catalog: Catalog) => (code: string) => findUnit(catalog, code)?.name ?? code;

/** Subject and text of one recipient's bulletin; `unit` undefined for the supervision desk. Pure. */
export function renderBulletin(
  kind: BulletinKind,
  period: BulletinPeriod,
  ranking: PeriodRanking[],
  catalog: Catalog,
  unit?: string,
): { subject: string; text: string } {
  const name = nameIn(catalog);
  const title = bulletinTitle(kind, period);
  const ranked = ranking.filter((u) => u.rank !== null).length;
  const lines: string[] = [`${unit ? name(unit) : '12345热线督办'}：`, '', `【12345热线 ${title}】`];
  lines.push(`统计口径：本期派至各单位的工单（按派单日期，北京时间），得分按月排名同一权重计算。`, '');
  const own = unit ? ranking.find((u) => u.unit === unit) : undefined;
  if (unit) {
    lines.push('一、本单位情况');
    if (!own) lines.push('本期无派至本单位的工单。');
    else {
      const rates = ROW_RATES.map((k) => `${rateDefinitions[k].label} ${percent(own.stats.rates[k]) || '—'}`).join('；');
      const place =
        own.rank === null ? '本期无可计分的指标，不参与排名' : `综合得分 ${own.score!.toFixed(2)}，排名第${own.rank}名（共${ranked}个单位）`;
      lines.push(`受理量 ${own.received} 件；${rates}；${place}。`);
    }
    lines.push('');
  }
  lines.push(`${unit ? '二、' : ''}各单位排名（三率：${THREE_RATES.map((k) => rateDefinitions[k].label).join('、')}）`);
  lines.push(['名次', '单位', '得分', ...THREE_RATES.map((k) => rateDefinitions[k].label), '受理量'].join('  '));
  for (const u of ranking) {
    const cells = [u.rank === null ? '—' : String(u.rank), name(u.unit), u.score === null ? '—' : u.score.toFixed(2)];
    cells.push(...THREE_RATES.map((k) => percent(u.stats.rates[k]) || '—'), String(u.received));
    lines.push(`${cells.join('  ')}${u.unit === unit ? '  ← 本单位' : ''}`);
  }
  if (ranking.length === 0) lines.push('本期无派单。');
  lines.push('', '附件为本期各单位统计明细（CSV，可用 Excel 打开）。', '', '12345政务服务便民热线', '（本邮件由系统自动发送，请勿直接回复）');
  const subject = `【12345热线】${title}${unit ? ` ${name(unit)}` : ''}`;
  return { subject, text: `${lines.join('\n')}\n` };
}

/** How many recipients an earlier attempt of this activity finished (0 outside an activity). */
function resumeFrom(): number {
  const details: unknown = asyncLocalStorage.getStore()?.info.heartbeatDetails;
  return typeof details === 'number' ? details : 0;
}
const heartbeat = (done: number) => asyncLocalStorage.getStore()?.heartbeat(done);

export function createBulletinActivities(deps: BulletinDeps): BulletinActivities {
  return {
    async sendBulletin(req: BulletinRequest): Promise<BulletinResult> {
      const period = req.period ?? bulletinPeriod(req.kind, Date.parse(req.at));
      const catalog = deps.catalog();
      const ranking = await rankPeriod(await deps.ledger(), period, defaultRankingWeights, { groupOf: catalogUnitGroups(catalog) });
      const csv = bulletinCsv(period, ranking, nameIn(catalog));
      const filename = `bulletin_${req.kind}_${period.from}_${period.to}.csv`;
      const domain = senderDomain(deps.mail.from);
      // In unit-code order, the same on every attempt; the desk last.
      const units = ranking.map((u) => u.unit).sort();
      const recipients = [
        ...units.map((code) => ({ id: code, unit: code as string | undefined, to: findUnit(catalog, code)?.email })),
        { id: SUPERVISION_RECIPIENT, unit: undefined, to: deps.mail.supervisionEmail as string | undefined },
      ];
      const sent: string[] = [];
      const undeliverable: string[] = [];
      const start = resumeFrom();
      for (const [i, r] of recipients.entries()) {
        if (i < start) continue;
        if (!r.to) undeliverable.push(r.id);
        else {
          const { subject, text } = renderBulletin(req.kind, period, ranking, catalog, r.unit);
          try {
            await deps.mailer.sendMail({
              from: deps.mail.from,
              to: { name: r.unit ? nameIn(catalog)(r.unit) : '12345热线督办', address: r.to },
              subject,
              text,
              messageId: messageIdFor(`bulletin-${req.kind}`, period.from, period.to, r.id, domain),
              headers: { 'X-Hotline-Bulletin': `${req.kind} ${period.from}/${period.to}` },
              attachments: [{ filename, content: csv, contentType: 'text/csv; charset=utf-8' }],
            });
            sent.push(r.id);
          } catch (err) {
            if (!permanentRecipientFailure(err)) throw err;
            undeliverable.push(r.id);
          }
        }
        heartbeat(i + 1);
      }
      return { kind: req.kind, ...period, units: ranking.length, sent, undeliverable };
    },
  };
}
