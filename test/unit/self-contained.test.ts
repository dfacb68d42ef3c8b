// The repository stands on its own: no committed file points at documents outside it (the domain
// brief and its sources live in docs/RULES.md, in the project's words).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/paths';

test('no committed file refers to a folder or brief outside the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: projectRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
  expect(fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')).toContain('](docs/RULES.md)');
  expect(fs.existsSync(path.join(projectRoot, 'docs', 'RULES.md'))).toBe(true);
  const outside = ['..' + '/shared', 'DOMAIN' + '.md'];
  const hits = files
    .filter((f) => !f.endsWith('package-lock.json') && fs.existsSync(path.join(projectRoot, f)))
    .flatMap((f) => {
      const text = fs.readFileSync(path.join(projectRoot, f), 'utf8');
      return outside.filter((s) => text.includes(s)).map((s) => `${f}: ${s}`);
    });
  expect(hits).toEqual([]);
});
