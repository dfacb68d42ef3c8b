// Once per `jest` run: a real Temporal dev server (in memory, headless, our search attributes
// registered) and one bundle of the workflow code, shared by every integration test file.
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort, startDevServer } from '../../platform/dev-server';
import { cacheDir } from '../../platform/paths';
import { resolveTemporalCli } from '../../platform/temporal-cli';
import { writeWorkflowBundle } from '../../worker/workflow-bundle';
import { ticketSearchAttributes } from '../../workflows/search-attributes';

export default async function globalSetup(): Promise<void> {
  const bundlePath = path.join(cacheDir, 'test', 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.HOTLINE_TEST_WORKFLOW_BUNDLE = bundlePath;

  const cliPath = resolveTemporalCli();
  if (cliPath) {
    const server = await startDevServer({ cliPath, port: await freePort() });
    process.env.HOTLINE_TEST_TEMPORAL_ADDRESS = server.address;
    (globalThis as any).__hotlineStop = () => server.stop();
  } else {
    // A user's machine with internet and no Go: the SDK downloads the same dev server.
    const env = await TestWorkflowEnvironment.createLocal({
      server: { searchAttributes: [...ticketSearchAttributes] },
    });
    process.env.HOTLINE_TEST_TEMPORAL_ADDRESS = env.address;
    (globalThis as any).__hotlineStop = () => env.teardown();
  }
}
