// The workflow code as one bundle. `npm run build` writes it next to the compiled worker, which
// then loads it instead of bundling at every start; the tests build theirs with the same function,
// so the replay test checks the code the image ships.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from '../platform/paths';

/** Where `npm run build` puts the bundle: dist/workflow-bundle.js. */
export const builtBundlePath = path.join(projectRoot, 'dist', 'workflow-bundle.js');

/** The bundle the compiled worker loads, if this code runs from dist/ and the build wrote it. */
export function prebuiltBundle(): string | undefined {
  const compiled = path.resolve(__dirname, '..') === path.dirname(builtBundlePath);
  return compiled && fs.existsSync(builtBundlePath) ? builtBundlePath : undefined;
}

/** The workflow interceptors every bundle includes (the request id on the workflow's log lines). */
export const workflowInterceptorModules = [require.resolve('../workflows/request-id-interceptors')];

/** Bundles the workflow sources (workflows/index.ts) and writes the bundle to `file`. */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(projectRoot, 'workflows', 'index.ts'),
    workflowInterceptorModules,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
}
