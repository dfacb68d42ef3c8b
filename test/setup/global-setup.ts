// Once per `jest` run: a real Temporal dev server (in memory, headless, our search attributes
// registered) and one bundle of the workflow code, shared by every integration test file.
import path from 'node:path';
import { freePort, startDevServer } from '../../platform/dev-server';
import { cacheDir } from '../../platform/paths';
import { ensureTemporalCli } from '../../platform/temporal-cli';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';

export default async function globalSetup(): Promise<void> {
  const bundlePath = path.join(cacheDir, 'test', 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.HOTLINE_TEST_WORKFLOW_BUNDLE = bundlePath;

  const cliPath = await ensureTemporalCli((m) => console.log(`[global-setup] ${m}`));
  const server = await startDevServer({ cliPath, port: await freePort() });
  process.env.HOTLINE_TEST_TEMPORAL_ADDRESS = server.address;
  (globalThis as any).__hotlineStop = () => server.stop();
}
