// The web console (console/, built by Vite into dist/console): static files under /console/, no
// token needed to fetch them (the console asks for one and sends it to the API itself). Hashed
// assets are cached for good; index.html never, so a rebuilt console is picked up on reload.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { ApiError } from '../errors';

/**
 * The console page's own content security policy: its scripts, styles and fonts from this server
 * only, its requests to this API and to the single sign-on provider (discovery and token endpoint);
 * images also from blob: URLs (a ticket's photos, fetched with the token).
 * Element Plus positions its popups with inline styles, hence 'unsafe-inline' for styles alone.
 */
export function consolePolicy(connect: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `connect`: other origins the console talks to (the OpenID Connect issuer). */
export function consoleRoutes(dir: string | undefined, connect: string[] = []): Router {
  const policy = consolePolicy(connect);
  const r = Router();
  r.get('/', (_req, res) => res.redirect(302, '/console/'));
  if (dir) {
    r.use('/console/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  }
  // Express matches /console and /console/ alike; the page's relative links need the slash.
  r.get('/console/', (req, res) => {
    if (!req.path.endsWith('/')) return res.redirect(301, '/console/');
    const index = dir ? path.join(dir, 'index.html') : undefined;
    if (!index || !fs.existsSync(index)) throw new ApiError('not_found', '控制台尚未构建：请运行 npm run build（npm start 会自动构建）');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', policy);
    res.sendFile(index);
  });
  return r;
}
