// The citizens' own pages (网上诉求, 进度查询): the rating page's look (api/rating-page.ts), inline
// CSS only, no script, phone-first, plain form posts.
import { CSS, esc, Page } from '../rating-page';

const FORM_CSS = `
label.f{display:block;font-weight:600;margin:0 0 6px}
.field{margin:0 0 14px}
.field small{display:block;color:#646a73;font-size:13px;margin-top:4px}
input[type=text],input[type=tel],select{width:100%;padding:11px 10px;border:1px solid #8a9099;border-radius:8px;font:inherit;font-size:16px;background:#fff;color:#1f2329}
textarea{border-color:#8a9099}
.req{color:#b71c1c}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.opts{flex-wrap:wrap}.opts .opt{flex:1 0 28%}
nav.links{display:flex;gap:12px;justify-content:center;margin:4px 0 16px;font-size:15px}
`;

export function citizenLayout(title: string, subtitle: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}${FORM_CSS}</style></head>
<body><header><h1>12345 政务服务便民热线</h1><p>${esc(subtitle)}</p></header>
<main>${body}
<nav class="links" aria-label="市民服务"><a href="/citizen/request">网上诉求</a><a href="/citizen/progress">进度查询</a></nav></main></body></html>`;
}

export function citizenMessage(status: number, subtitle: string, icon: 'ok' | 'warn', title: string, text: string, extra = ''): Page {
  const mark = icon === 'ok' ? '<div class="icon" aria-hidden="true">✓</div>' : '<div class="icon warn" aria-hidden="true">!</div>';
  return {
    status,
    html: citizenLayout(title, subtitle, `<section class="card msg">${mark}<h2>${esc(title)}</h2><p>${esc(text)}</p>${extra}</section>`),
  };
}

export { esc };
export type { Page };
