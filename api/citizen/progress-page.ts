// 进度查询: the lookup form, and what a citizen sees of their ticket once the number and the last
// four digits of their phone match: status, the unit handling it, its deadlines and the reply once
// signed off. Not the description nor the address: a guessed pair must not disclose them. Pure.
import { beijingShort } from '../../follow-up/messages';
import { findCategory, findDistrict, findUnit, type Catalog } from '../../domain/catalog';
import { isTerminal, TicketState } from '../../domain/ticket';
import { citizenLayout, citizenMessage, esc, Page } from './layout';

const SUBTITLE = '诉求办理进度查询';

export function progressFormPage(opts: { ticket?: string; error?: string; status?: number } = {}): Page {
  const body = `<form method="post" action="/citizen/progress" class="card" accept-charset="utf-8"><h2>查询办理进度</h2>
${opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<div class="field"><label class="f" for="ticket">工单号</label>
<input type="text" id="ticket" name="ticket" required maxlength="64" autocomplete="off" value="${esc(opts.ticket)}"></div>
<div class="field"><label class="f" for="phone4">联系电话后四位</label>
<input type="tel" id="phone4" name="phone4" required minlength="4" maxlength="4" pattern="[0-9]{4}" inputmode="numeric" autocomplete="off">
<small>受理时登记的联系电话的最后四位数字。连续输错 5 次，该工单的查询将锁定 1 小时。</small></div>
<button type="submit">查询</button></form>`;
  return { status: opts.status ?? 200, html: citizenLayout('进度查询 - 12345热线', SUBTITLE, body) };
}

export const lockedPage = (until: number): Page =>
  citizenMessage(429, SUBTITLE, 'warn', '该工单的查询已暂时锁定', `输错次数过多。请于 ${beijingShort(until)} 后再查询，或拨打 12345。`);
export const progressUnavailablePage = (): Page => citizenMessage(503, SUBTITLE, 'warn', '查询服务暂时不可用', '请稍后重试，或拨打 12345。');

/** Signed off (审签通过): only then is the reply the unit's word to the citizen (seed 002). */
export const signedOffReply = (t: TicketState) => (t.reply?.review?.approved ? t.reply : undefined);

export function progressResultPage(t: TicketState, catalog: Catalog): Page {
  const row = (label: string, value: string | undefined) => (value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : '');
  const at = (iso: string | undefined) => (iso ? beijingShort(Date.parse(iso)) : undefined);
  const unit = t.leadUnit ? (findUnit(catalog, t.leadUnit)?.name ?? t.leadUnit) : undefined;
  const open = !isTerminal(t.status);
  const d = t.deadlines;
  const reply = signedOffReply(t);
  // Only the deadlines still ahead of the ticket: a step done is no longer the citizen's concern.
  const deadlines = open
    ? [
        row('签收时限', t.signedAt ? undefined : at(d.signBy)),
        row('首次联系时限', t.contacts.length ? undefined : at(d.firstContactBy)),
        row('答复时限', reply ? undefined : at(d.replyBy)),
        row('回访时限', at(d.followUpBy)),
      ].join('')
    : '';
  const replyCard = reply
    ? `<section class="card"><h2>承办单位答复</h2><p class="text" style="margin-top:0">${esc(reply.content)}</p>
<dl style="margin-top:10px">${row('承办人', reply.handlerName)}<dt>联系电话</dt><dd><a href="tel:${esc(reply.handlerPhone.replace(/[^\d+]/g, ''))}">${esc(reply.handlerPhone)}</a></dd>${row('答复时间', at(reply.at))}</dl></section>`
    : '';
  const body = `<section class="card"><h2>工单 ${esc(t.id)}</h2><dl>
${row('当前状态', t.statusLabel)}
${row('问题类别', findCategory(catalog, t.category)?.name ?? t.category)}
${row('所在区域', findDistrict(catalog, t.location.district)?.name ?? t.location.district)}
${row('受理时间', at(t.registeredAt))}
${row('承办单位', unit ?? (open ? '正在派单' : undefined))}
${deadlines}
${row('办结时间', at(t.closedAt))}
</dl></section>${replyCard}<p class="note"><a href="/citizen/progress">查询其他工单</a></p>`;
  return { status: 200, html: citizenLayout(`工单 ${t.id} 办理进度 - 12345热线`, SUBTITLE, body) };
}
