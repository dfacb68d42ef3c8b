// The web console (console/, built by Vite into dist/console): static files under /console/, no
// token needed to fetch them (the console asks for one and sends it to the API itself). Hashed
// assets are cached for good; index.html never, so a rebuilt console is picked up on reload.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { ApiError } from '../errors';

export function consoleRoutes(dir: string | undefined): Router {
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
    res.sendFile(index);
  });
  return r;
}
