// The tests' SMTP server outlives a client that dies mid-session, as a real mail server does: the
// crash test SIGKILLs workers with mail connections open, and the reset once surfaced as an
// uncaught ECONNRESET that failed the whole suite (CI, 2026-12-03).
import net from 'node:net';
import nodemailer from 'nodemailer';
import { LoopbackSmtp } from '../setup/smtp';

test('a client reset mid-session is noted, and the next client is served', async () => {
  const smtp = await new LoopbackSmtp().start();
  try {
    // A worker killed inside a transaction (after MAIL FROM): smtp-server reports that reset as an
    // 'error' event (outside a transaction it drops it quietly).
    const dying = net.connect(smtp.port, '127.0.0.1');
    let said = '';
    const reply = (code: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => code.test(said) && (dying.off('data', onData), resolve());
        const onData = (d: Buffer) => ((said += d.toString()), check());
        dying.on('data', onData);
        check();
      });
    await reply(/^220 /m);
    dying.write('EHLO worker\r\n');
    await reply(/^250 /m);
    said = '';
    dying.write('MAIL FROM:<a@example.com>\r\n');
    await reply(/^250 /m);
    dying.resetAndDestroy();
    for (let i = 0; smtp.connectionErrors.length === 0 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    expect(smtp.connectionErrors.length).toBeGreaterThan(0);

    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    await mailer.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: '派单通知', text: '正文' });
    expect(smtp.received.map((m) => m.subject)).toEqual(['派单通知']);
  } finally {
    await smtp.stop();
  }
});
