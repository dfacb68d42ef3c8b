// Files at rest (issue 24): after a lifecycle of the embedded stack's writers (the ledger's PGlite
// files, Temporal's SQLite, SMS and mail files, the dev secrets) every folder of the data directory
// is 0700 and every file 0600, even when the shell that started us had umask 000.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileSmsGateway } from '../../activities/follow-up/sms';
import { createTransport } from '../../activities/mail';
import { resolveJwtSecret } from '../../config/jwt-secret';
import { openLedger } from '../../ledger/open';
import { freePort, startDevServer } from '../../platform/dev-server';
import { secureDataDir } from '../../platform/private-files';
import { ensureTemporalCli } from '../../platform/temporal-cli';

const modesUnder = (root: string): string[] => {
  const out: string[] = [`${(fs.statSync(root).mode & 0o777).toString(8)} d .`];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      out.push(`${(fs.statSync(p).mode & 0o777).toString(8)} ${e.isDirectory() ? 'd' : 'f'} ${path.relative(root, p)}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
};
const wider = (lines: string[]) => lines.filter((l) => !/^(700 d|600 f) /.test(l));

describe('the data folder is private', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-modes-'));
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('each writer makes its files private whatever the umask', async () => {
    const data = path.join(root, 'data');
    const ledger = await openLedger({ dataDir: data });
    await ledger.query('SELECT 1');
    await new FileSmsGateway(path.join(data, 'sms')).send({ id: 't1-r0', phone: '13812345678', text: '请评价' } as never);
    await createTransport(undefined, path.join(data, 'mail')).sendMail({
      from: 'a@b.c',
      to: 'd@e.f',
      subject: 's',
      text: '13812345678',
      messageId: '<m1@x>',
    });
    resolveJwtSecret({ HOTLINE_DATA_DIR: data });
    await ledger.close();
    expect(fs.readdirSync(data).sort()).toEqual(['dev-jwt-secret', 'ledger', 'mail', 'sms']);
    expect(wider(modesUnder(data))).toEqual([]);
  });

  test('a start (secureDataDir) closes an old folder and Temporal’s SQLite is created private', async () => {
    const data = path.join(root, 'data');
    fs.mkdirSync(path.join(data, 'sms'), { recursive: true, mode: 0o777 });
    fs.writeFileSync(path.join(data, 'sms', 'old.txt'), 'To: 13812345678', { mode: 0o666 });
    expect(wider(modesUnder(data)).length).toBeGreaterThan(0);
    secureDataDir(data);
    expect(wider(modesUnder(data))).toEqual([]);
    const server = await startDevServer({
      cliPath: await ensureTemporalCli(() => undefined),
      dbFile: path.join(data, 'temporal.sqlite'),
      port: await freePort(),
    });
    try {
      expect(fs.existsSync(path.join(data, 'temporal.sqlite'))).toBe(true);
    } finally {
      await server.stop();
    }
    expect(wider(modesUnder(data))).toEqual([]);
  }, 60_000);
});
