// What the citizen hears or reads in an automated follow-up: pure rendering of
// data/follow-up-templates.zh-CN.json.
import templatesJson from '../data/follow-up-templates.zh-CN.json';
import { beijingWallClock } from '../domain/calendar';

export interface FollowUpTemplates {
  ratingSms: string;
  ratingSmsReminder: string;
  handler: string;
  voiceScript: string;
}
export const defaultFollowUpTemplates: FollowUpTemplates = templatesJson as unknown as FollowUpTemplates;

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');

/** `MM月DD日 HH:mm` in Beijing time. */
export function beijingShort(ms: number): string {
  const t = beijingWallClock(ms);
  return `${t.slice(5, 7)}月${t.slice(8, 10)}日 ${t.slice(11, 16)}`;
}

export interface FollowUpVars {
  ticket: string;
  category: string;
  handler?: { name: string; phone: string };
}

const handlerLine = (v: FollowUpVars, tpl: FollowUpTemplates) => (v.handler ? fill(tpl.handler, v.handler) : '');

export function renderRatingSms(
  v: FollowUpVars & { link: string; expiresAt: number; reminder: boolean },
  tpl: FollowUpTemplates = defaultFollowUpTemplates,
): string {
  return fill(v.reminder ? tpl.ratingSmsReminder : tpl.ratingSms, {
    ticket: v.ticket,
    category: v.category,
    handler: handlerLine(v, tpl),
    link: v.link,
    expires: beijingShort(v.expiresAt),
  });
}

export function renderVoiceScript(v: FollowUpVars, tpl: FollowUpTemplates = defaultFollowUpTemplates): string {
  return fill(tpl.voiceScript, { ticket: v.ticket, category: v.category, handler: handlerLine(v, tpl) });
}
