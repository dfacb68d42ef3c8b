// The rating page of the `link` follow-up provider, for citizens on their phones: a small zh-CN
// HTML page with inline CSS, no script and no external asset; the form is a plain POST back to the
// same URL. Pure rendering: api/routes/rating.ts decides which page to show.
import { beijingShort } from '../follow-up/messages';
import type { Catalog } from '../domain/catalog';
import { findCategory, findDistrict, findStreet } from '../domain/catalog';
import type { Satisfaction, TicketState } from '../domain/ticket';
import { satisfactionLabels } from '../domain/ticket';

export interface Page {
  status: number;
  html: string;
}

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f2f4f7;color:#1f2329;font:16px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;-webkit-text-size-adjust:100%}
header{background:#c62828;color:#fff;padding:14px 16px}
header h1{margin:0;font-size:18px;font-weight:600;letter-spacing:.5px}
header p{margin:2px 0 0;font-size:13px;opacity:.9}
main{max-width:480px;margin:0 auto;padding:12px}
.card{background:#fff;border-radius:10px;padding:14px 16px;margin:0 0 12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card h2{margin:0 0 8px;font-size:16px;color:#c62828}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:14px}
dt{color:#646a73}dd{margin:0;word-break:break-all}
.text{margin:8px 0 0;white-space:pre-wrap;word-break:break-word}
fieldset{border:0;margin:0 0 14px;padding:0}
legend{font-weight:600;margin-bottom:8px;padding:0}
.opts{display:flex;gap:8px}
.opt{flex:1;position:relative}
.opt input{position:absolute;opacity:0;width:1px;height:1px}
.opt span{display:block;text-align:center;padding:11px 4px;border:1px solid #d0d3d6;border-radius:8px;background:#fff;font-size:15px}
.opt input:checked+span{border-color:#c62828;background:#fdecea;color:#b71c1c;font-weight:600}
.opt input:focus-visible+span{outline:2px solid #1565c0;outline-offset:2px}
textarea{width:100%;min-height:88px;padding:10px;border:1px solid #d0d3d6;border-radius:8px;font:inherit;font-size:15px;resize:vertical}
button{width:100%;padding:13px;border:0;border-radius:8px;background:#c62828;color:#fff;font-size:17px;font-weight:600}
.error{background:#fdecea;color:#b71c1c;border-radius:8px;padding:10px 12px;margin:0 0 12px;font-size:14px}
.note{color:#646a73;font-size:13px;text-align:center;margin:8px 0 16px}
.msg{text-align:center;padding:28px 16px}
.msg .icon{width:56px;height:56px;line-height:56px;border-radius:50%;margin:0 auto 12px;font-size:30px;font-weight:700;color:#fff;background:#2e7d32}
.msg .icon.warn{background:#ef6c00}
.msg h2{color:#1f2329;font-size:19px;margin:0 0 8px}
.msg p{color:#646a73;margin:0}
a{color:#1565c0}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style></head>
<body><header><h1>12345 政务服务便民热线</h1><p>办理结果回访评价</p></header>
<main>${body}</main></body></html>`;
}

function message(status: number, icon: 'ok' | 'warn', title: string, text: string): Page {
  const mark = icon === 'ok' ? '<div class="icon" aria-hidden="true">✓</div>' : '<div class="icon warn" aria-hidden="true">!</div>';
  return { status, html: layout(title, `<section class="card msg">${mark}<h2>${esc(title)}</h2><p>${esc(text)}</p></section>`) };
}

export const invalidLinkPage = (): Page => message(404, 'warn', '评价链接无效', '请核对短信中的链接是否完整。如需反映问题，请拨打 12345。');
export const expiredLinkPage = (): Page => message(410, 'warn', '该评价链接已过期', '感谢您的关注。如对办理结果有意见，请拨打 12345 反映。');
export const usedLinkPage = (): Page =>
  message(200, 'ok', '该评价链接已使用，感谢您的反馈', '每个评价链接只能提交一次。如有新的问题，请拨打 12345。');
export const badSubmissionPage = (): Page => message(400, 'warn', '提交内容有误', '请返回上一页重新填写后再提交。');
export const unavailablePage = (): Page => message(503, 'warn', '评价服务暂时不可用', '请稍后再打开短信中的链接重试，或拨打 12345。');

export interface RatingView {
  ticket: TicketState;
  catalog: Catalog;
  expiresAt: number;
}

function requestCard({ ticket: t, catalog }: RatingView): string {
  const category = findCategory(catalog, t.category)?.name ?? t.category;
  const district = findDistrict(catalog, t.location.district)?.name ?? t.location.district;
  const street = t.location.street ? (findStreet(catalog, t.location.street)?.street.name ?? t.location.street) : '';
  return `<section class="card"><h2>您反映的问题</h2><dl>
<dt>工单号</dt><dd>${esc(t.id)}</dd>
<dt>诉求类型</dt><dd>${esc(category)}</dd>
<dt>所在区域</dt><dd>${esc(district)}${street ? ` ${esc(street)}` : ''}</dd>
<dt>受理时间</dt><dd>${esc(beijingShort(Date.parse(t.registeredAt)))}</dd>
</dl><p class="text">${esc(t.description)}</p></section>`;
}

function replyCard({ ticket: t }: RatingView): string {
  const r = t.reply;
  if (!r) return '';
  // Seed 001: the citizen is told who handled the matter and how to reach them.
  return `<section class="card"><h2>承办单位答复</h2><p class="text" style="margin-top:0">${esc(r.content)}</p>
<dl style="margin-top:10px"><dt>承办人</dt><dd>${esc(r.handlerName)}</dd>
<dt>联系电话</dt><dd><a href="tel:${esc(r.handlerPhone.replace(/[^\d+]/g, ''))}">${esc(r.handlerPhone)}</a></dd>
<dt>答复时间</dt><dd>${esc(beijingShort(Date.parse(r.at)))}</dd></dl></section>`;
}

const options = (name: string, list: [string, string][], checked?: string) =>
  `<div class="opts">${list
    .map(
      ([value, label]) =>
        `<label class="opt"><input type="radio" name="${name}" value="${value}" required${checked === value ? ' checked' : ''}><span>${esc(label)}</span></label>`,
    )
    .join('')}</div>`;

export interface FormValues {
  satisfaction?: string;
  resolved?: string;
  comment?: string;
}

export function ratingFormPage(view: RatingView, opts: { error?: string; values?: FormValues } = {}): Page {
  const v = opts.values ?? {};
  const satisfaction = Object.entries(satisfactionLabels) as [Satisfaction, string][];
  const form = `<form method="post" class="card" accept-charset="utf-8"><h2>请您评价</h2>
${opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<fieldset><legend>您对办理结果是否满意？</legend>${options('satisfaction', satisfaction, v.satisfaction)}</fieldset>
<fieldset><legend>您反映的问题是否已解决？</legend>${options(
    'resolved',
    [
      ['yes', '已解决'],
      ['no', '未解决'],
    ],
    v.resolved,
  )}</fieldset>
<fieldset><legend><label for="comment">其他意见（选填）</label></legend>
<textarea id="comment" name="comment" maxlength="500" placeholder="请写下您的意见或建议">${esc(v.comment)}</textarea></fieldset>
<button type="submit">提交评价</button></form>`;
  const body = `${requestCard(view)}${replyCard(view)}${form}<p class="note">本链接有效期至 ${esc(beijingShort(view.expiresAt))}，仅可提交一次</p>`;
  return { status: opts.error ? 400 : 200, html: layout('回访评价 - 12345热线', body) };
}

export function thankYouPage(rated: { satisfaction: Satisfaction; resolved: boolean }, after: TicketState): Page {
  const next =
    after.status === 'rehandling'
      ? '您的诉求已退回承办单位重新办理，承办单位将再次与您联系。'
      : after.status === 'closed'
        ? '您的工单已办结。'
        : '您的评价已记录。';
  return message(
    200,
    'ok',
    '感谢您的评价',
    `满意程度：${satisfactionLabels[rated.satisfaction]}；问题${rated.resolved ? '已解决' : '未解决'}。${next}`,
  );
}
