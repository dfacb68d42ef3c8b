// The second half of `npm run build`, after tsc has compiled everything into dist/: the files the
// compiled code reads at run time (the demo catalog, the ledger's SQL migrations) and the workflow
// bundle, so production starts without TypeScript, ts-node or webpack at work.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths';
import { builtBundlePath, writeWorkflowBundle } from '../worker/workflow-bundle';

const dist = path.join(projectRoot, 'dist');
const assets = ['data', path.join('ledger', 'migrations')];

async function main() {
  for (const dir of assets) fs.cpSync(path.join(projectRoot, dir), path.join(dist, dir), { recursive: true });
  // `--assets`: the ledger's command-line tools need the files, not the workflow bundle.
  if (process.argv.includes('--assets')) return;
  const started = Date.now();
  await writeWorkflowBundle(builtBundlePath);
  const size = (fs.statSync(builtBundlePath).size / 1e6).toFixed(1);
  console.log(`[build] ${path.relative(projectRoot, builtBundlePath)} (${size} MB, ${Date.now() - started} ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
