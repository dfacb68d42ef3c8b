// 网上诉求: the form (with the errors of a refused submission next to their fields) and the page
// that gives the citizen their ticket number. Pure rendering.
import type { Catalog } from '../../domain/catalog';
import { requestTypes } from '../open311/attributes';
import { citizenLayout, citizenMessage, esc, Page } from './layout';
import { HONEYPOT, SubmitValues } from './submit-form';

const SUBTITLE = '网上诉求';
/** Photos one web request may carry. */
export const WEB_PHOTOS = 3;

const error = (errors: Partial<Record<keyof SubmitValues, string>>, k: keyof SubmitValues) =>
  errors[k] ? `<p class="error" id="${k}-error">${esc(errors[k])}</p>` : '';
const described = (errors: Partial<Record<keyof SubmitValues, string>>, k: keyof SubmitValues) =>
  errors[k] ? ` aria-describedby="${k}-error" aria-invalid="true"` : '';

export function submitFormPage(catalog: Catalog, opts: { values?: SubmitValues; errors?: Partial<Record<keyof SubmitValues, string>> } = {}): Page {
  const v = opts.values ?? {};
  const e = opts.errors ?? {};
  const selected = (a: string | undefined, b: string) => (a === b ? ' selected' : '');
  const types = Object.entries(requestTypes)
    .map(
      ([value, label]) =>
        `<label class="opt"><input type="radio" name="requestType" value="${value}" required${v.requestType === value ? ' checked' : ''}><span>${esc(label)}</span></label>`,
    )
    .join('');
  const categories = catalog.categories.map((c) => `<option value="${esc(c.code)}"${selected(v.category, c.code)}>${esc(c.name)}</option>`).join('');
  const areas = catalog.districts
    .map(
      (d) =>
        `<optgroup label="${esc(d.name)}"><option value="${esc(d.code)}"${selected(v.area, d.code)}>${esc(d.name)}（街道不确定）</option>${d.streets
          .map(
            (s) => `<option value="${esc(`${d.code}/${s.code}`)}"${selected(v.area, `${d.code}/${s.code}`)}>${esc(`${d.name} ${s.name}`)}</option>`,
          )
          .join('')}</optgroup>`,
    )
    .join('');
  const anyError = Object.keys(e).length > 0;
  const body = `<form method="post" action="/citizen/request" class="card" accept-charset="utf-8" enctype="multipart/form-data"><h2>反映问题</h2>
${anyError ? '<p class="error" role="alert">提交未成功，请按提示修改后再提交。</p>' : ''}
<fieldset><legend>诉求类型 <span class="req">*</span></legend>${error(e, 'requestType')}<div class="opts">${types}</div></fieldset>
<div class="field"><label class="f" for="category">问题类别 <span class="req">*</span></label>${error(e, 'category')}
<select id="category" name="category" required${described(e, 'category')}><option value="">请选择</option>${categories}</select></div>
<div class="field"><label class="f" for="area">问题所在区域 <span class="req">*</span></label>${error(e, 'area')}
<select id="area" name="area" required${described(e, 'area')}><option value="">请选择</option>${areas}</select></div>
<div class="field"><label class="f" for="address">详细地点（选填）</label>
<input type="text" id="address" name="address" maxlength="200" value="${esc(v.address)}" placeholder="如：某小区 3 号楼"></div>
<div class="field"><label class="f" for="description">问题描述 <span class="req">*</span></label>${error(e, 'description')}
<textarea id="description" name="description" required maxlength="2000"${described(e, 'description')}>${esc(v.description)}</textarea></div>
<div class="field"><label class="f" for="photos">现场照片（选填，最多 ${WEB_PHOTOS} 张，JPG 或 PNG）</label>${error(e, 'photos')}
<input type="file" id="photos" name="photos" accept="image/jpeg,image/png" multiple${described(e, 'photos')}>
<small>照片中的拍摄时间、位置、设备等信息会在保存前去除。</small></div>
<div class="field"><label class="f" for="name">您的称呼（选填）</label>
<input type="text" id="name" name="name" maxlength="50" autocomplete="name" value="${esc(v.name)}"></div>
<div class="field"><label class="f" for="phone">联系电话 <span class="req">*</span></label>${error(e, 'phone')}
<input type="tel" id="phone" name="phone" required maxlength="20" autocomplete="tel" inputmode="tel" value="${esc(v.phone)}"${described(e, 'phone')}>
<small>承办单位将据此与您联系；查询进度需要手机号后四位。您的号码不会公开。</small></div>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT}">网址（请留空）</label><input type="text" id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
<button type="submit">提交诉求</button></form>
<p class="note">紧急情况请拨打 110、119、120。</p>`;
  return { status: anyError ? 400 : 200, html: citizenLayout('网上诉求 - 12345热线', SUBTITLE, body) };
}

export function submittedPage(ticketId: string): Page {
  const link = `<p style="margin-top:12px"><a href="/citizen/progress?ticket=${encodeURIComponent(ticketId)}">查询办理进度</a></p>`;
  return citizenMessage(
    201,
    SUBTITLE,
    'ok',
    `诉求已受理，工单号 ${ticketId}`,
    '请记下工单号。凭工单号和联系电话后四位，可随时查询办理进度；承办单位将按时限与您联系。',
    link,
  );
}

export const honeypotPage = (): Page => citizenMessage(400, SUBTITLE, 'warn', '提交未通过校验', '请刷新页面后重新填写，或拨打 12345 反映。');
export const tooManySubmissionsPage = (perHour: number): Page =>
  citizenMessage(429, SUBTITLE, 'warn', '提交过于频繁', `同一网络每小时最多提交 ${perHour} 件诉求，请稍后再试，或拨打 12345 反映。`);
export const submitUnavailablePage = (): Page => citizenMessage(503, SUBTITLE, 'warn', '服务暂时不可用', '请稍后重试，或拨打 12345 反映。');
