// Words the console shows for the engine's codes that no API answer spells out. The domain's own
// label tables (a pure module with no imports) are bundled as they are: one source for both.
import { channels, roles, satisfactionLabels as satisfaction, terminalStatuses, ticketStatuses } from '../../domain/ticket/model';
import { citizenKinds, requestTypes } from '../../domain/ticket/request-type-labels';

export const channelLabels: Record<string, string> = channels;
export const requestTypeLabels: Record<string, string> = requestTypes;
export const citizenKindLabels: Record<string, string> = citizenKinds;
export const roleLabels: Record<string, string> = roles;
export const satisfactionLabels: Record<string, string> = satisfaction;
/** The statuses a ticket is still worked in (the pool's filter). */
export const openStatusLabels: Record<string, string> = Object.fromEntries(
  Object.entries(ticketStatuses).filter(([s]) => !(terminalStatuses as readonly string[]).includes(s)),
);
export const deadlineLabels: Record<string, string> = {
  dispatchBy: '派单时限',
  signBy: '签收时限',
  returnBy: '回退时限',
  firstContactBy: '首次联系时限',
  replyBy: '答复时限',
  designateBy: '定责时限',
  extensionUntil: '延期至',
  followUpBy: '回访时限',
};

/** Audit entries that are not actions of the table (the engine's own steps). */
export const eventLabels: Record<string, string> = {
  register: '登记受理',
  attach: '添加附件',
  directDispatch: '直派',
  signOverdue: '签收超时',
  firstContactOverdue: '首次联系超时',
  replyReminder: '答复提醒',
  replyOverdue: '答复超期',
  escalate: '逐级督办',
  followUpDue: '回访到期',
  close: '办结',
};

export const contactMethods: Record<string, string> = { phone: '电话', sms: '短信', visit: '上门' };
export const contactStages: Record<string, string> = { first: '首次联系', final: '办结前联系' };

/** Tag colour of a status: finished grey, waiting on the hotline blue, with a unit amber. */
export function statusType(status: string): 'info' | 'primary' | 'warning' | 'success' | 'danger' {
  if (!(status in openStatusLabels)) return 'info';
  if (['registered', 'returned', 'designating'].includes(status)) return 'primary';
  if (status === 'follow_up') return 'success';
  return 'warning';
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const formatTime = (iso: string | null | undefined): string => (iso ? beijing.format(new Date(iso)) : '—');

/** `2天3小时`, `45分12秒`; negative spans read as 超期. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text = d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${m}分${s}秒`;
  return ms < 0 ? `超期 ${text}` : `剩 ${text}`;
}
