// A real SMTP server on loopback that keeps every message it receives, parsed; or, for the
// benchmark, only counts them (no parsing, cheap enough not to show in the figures).
import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  attachments: { filename?: string; contentType: string; content: Buffer }[];
}

export class LoopbackSmtp {
  /** The messages, parsed (none with `countOnly`). */
  readonly received: ReceivedMail[] = [];
  /** How many messages were accepted. */
  delivered = 0;
  /** Connections that ended in an error (a client reset), as a mail server's log would show them. */
  readonly connectionErrors: string[] = [];
  private server?: SMTPServer;
  port = 0;

  /**
   * `rejectRecipients`: addresses refused at RCPT TO with 550, as a server does for a dead mailbox.
   * `countOnly`: accept and count every message without parsing or keeping it.
   */
  constructor(private readonly options: { rejectRecipients?: string[]; countOnly?: boolean } = {}) {}

  async start(port = 0): Promise<this> {
    const rejected = new Set((this.options.rejectRecipients ?? []).map((a) => a.toLowerCase()));
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!rejected.has(address.address.toLowerCase())) return callback();
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(err);
      },
      onData: (stream, _session, callback) => {
        if (this.options.countOnly) {
          stream.resume();
          stream.on('end', () => {
            this.delivered += 1;
            callback();
          });
          return;
        }
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const to = ([] as { value: { address?: string }[] }[])
              .concat((mail.to as never) ?? [])
              .flatMap((a) => a.value.map((v) => v.address ?? ''));
            const attachments = mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }));
            this.received.push({ to, subject: mail.subject ?? '', text: mail.text ?? '', messageId: mail.messageId ?? '', attachments });
            this.delivered += 1;
            callback();
          })
          .catch(callback);
      },
    });
    // A client that dies mid-session (the crash test SIGKILLs workers) resets its connection; a
    // real mail server notes it and serves the next client. Unheard, the 'error' event would throw.
    this.server.on('error', (err: Error) => this.connectionErrors.push(err.message));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  async waitFor(pred: (m: ReceivedMail) => boolean, timeoutMs = 20_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`no matching mail within ${timeoutMs} ms; got: ${this.received.map((m) => m.subject).join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
