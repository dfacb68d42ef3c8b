// Once per `npm run test:reliability`: one bundle of the workflow code for the in-process workers
// (the crash test's worker is its own process and bundles at its start, as in production).
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { cacheDir } from '../../../platform/paths';
import { ensureTemporalCli } from '../../../platform/temporal-cli';

export default async function globalSetup(): Promise<void> {
  await ensureTemporalCli((m) => console.log(`[global-setup] ${m}`));
  const bundlePath = path.join(cacheDir, 'reliability', 'workflow-bundle.js');
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  fs.writeFileSync(bundlePath, code);
  process.env.HOTLINE_TEST_WORKFLOW_BUNDLE = bundlePath;
}
