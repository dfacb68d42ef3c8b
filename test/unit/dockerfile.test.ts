// The Dockerfile read as data (Docker does not run where the tests run; test/image/ runs its steps
// outside Docker): two stages on the Node release of .nvmrc, a runtime stage with production
// dependencies and dist/ only, running the compiled API as the unprivileged user.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dockerfileCmd, dockerfileStages, parseCopy, runCommand } from '../setup/dockerfile';

const root = path.resolve(__dirname, '../..');
const stages = dockerfileStages();
const [build, runtime] = stages;
const of = (stage: (typeof stages)[number], keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  test('two stages, both on the Node release .nvmrc pins', () => {
    const nvmrc = readFileSync(path.join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
    expect(stages.map((s) => s.from)).toEqual([`node:${nvmrc}-bookworm-slim`, `node:${nvmrc}-bookworm-slim`]);
    expect(build.name).toBe('build');
  });

  test('the build stage installs every dependency, then runs `npm run build`', () => {
    const runs = of(build, 'RUN').map((i) => runCommand(i.args));
    expect(runs).toEqual(['npm ci', 'npm run build']);
  });

  test('the build stage copies what tsconfig.build.json and the build read', () => {
    const copied = of(build, 'COPY').flatMap((i) => parseCopy(i.args).sources);
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'data', 'workflows']) {
      expect(copied).toContain(needed);
    }
    const entries = (JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as { files: string[] }).files;
    for (const entry of entries) expect(copied).toContain(entry.split('/')[0]);
  });

  test('the runtime stage: production dependencies and dist/ from the build stage, nothing else', () => {
    expect(of(runtime, 'RUN').map((i) => runCommand(i.args))).toEqual(['chown node:node /app', 'npm ci --omit=dev']);
    const copies = of(runtime, 'COPY').map((i) => parseCopy(i.args));
    expect(copies.map((c) => [c.flags.from ?? null, c.sources])).toEqual([
      [null, ['package.json', 'package-lock.json']],
      ['build', ['/app/dist']],
    ]);
    expect(
      of(runtime, 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/\bNODE_ENV=production\b/);
  });

  test('runs as node, and defaults to the compiled API', () => {
    expect(of(runtime, 'USER').pop()?.args).toBe('node');
    expect(dockerfileCmd()).toEqual(['node', 'dist/api/main.js']);
  });
});
