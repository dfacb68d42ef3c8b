// Worker Deployment Versioning settings (worker/deployment.ts, docs/ROLLING-UPGRADE.md): the package
// names the deployment and the build unless the environment does; tickets auto-upgrade.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadEnv } from '../../config/env';
import { projectRoot } from '../../platform/paths';
import { deploymentVersion, workerDeploymentOptions } from '../../worker/deployment';

const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };

describe('worker deployment', () => {
  test('versioning is on by default, named after package.json, promoted only where no version is current', () => {
    const env = loadEnv({});
    expect(env.HOTLINE_WORKER_VERSIONING).toBe(true);
    expect(env.HOTLINE_DEPLOYMENT_PROMOTE).toBe('if-none');
    expect(deploymentVersion(env)).toEqual({ deploymentName: pkg.name, buildId: pkg.version });
  });

  test('the environment overrides the name and the build id, and can switch versioning off', () => {
    const env = loadEnv({ HOTLINE_DEPLOYMENT_NAME: 'hotline-cc', HOTLINE_BUILD_ID: 'abc1234', HOTLINE_WORKER_VERSIONING: 'false' });
    expect(deploymentVersion(env)).toEqual({ deploymentName: 'hotline-cc', buildId: 'abc1234' });
    expect(env.HOTLINE_WORKER_VERSIONING).toBe(false);
  });

  test('tickets auto-upgrade: each workflow task goes to the current version', () => {
    expect(workerDeploymentOptions({ deploymentName: 'd', buildId: 'b' })).toEqual({
      version: { deploymentName: 'd', buildId: 'b' },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    });
  });

  test('an unknown promotion mode stops the start, naming the variable', () => {
    expect(() => loadEnv({ HOTLINE_DEPLOYMENT_PROMOTE: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadEnv({ HOTLINE_DEPLOYMENT_PROMOTE: 'sometimes' })).toThrow(/HOTLINE_DEPLOYMENT_PROMOTE/);
  });
});
