// The third step of `npm run build`: the web console (console/, Vue 3 + Element Plus + ECharts)
// built by Vite into dist/console, which the API serves under /console/. Skipped when the build is
// newer than every source (console/, this script, the lockfile), so `npm start` pays for it once.
// `--force` builds anyway. An ES module: Vite and its Vue plugin are ES modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'console');
const out = path.join(root, 'dist', 'console');
const stamp = path.join(out, 'index.html');

/** Newest modification time under `p` (a file or a folder). */
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

const sources = [src, fileURLToPath(import.meta.url), path.join(root, 'package-lock.json')];
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (!process.argv.includes('--force') && built > Math.max(...sources.map(newest))) {
  console.log('[build] dist/console is up to date');
} else {
  const started = Date.now();
  const [{ build }, { default: vue }] = await Promise.all([import('vite'), import('@vitejs/plugin-vue')]);
  await build({
    configFile: false,
    root: src,
    base: '/console/',
    logLevel: 'warn',
    plugins: [vue()],
    build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 1500, reportCompressedSize: false },
  });
  const bytes = fs.readdirSync(path.join(out, 'assets')).reduce((n, f) => n + fs.statSync(path.join(out, 'assets', f)).size, 0);
  console.log(`[build] dist/console (${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms)`);
}
