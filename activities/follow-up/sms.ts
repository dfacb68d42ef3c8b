// Text messages to citizens (they have phones, not mail). In production an HTTP gateway
// (HOTLINE_SMS_URL); without one, each message is written as a .txt file into
// $HOTLINE_DATA_DIR/sms, the SMS counterpart of the .eml folder.
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { ActivityLogger, consoleLogger, redactPhones } from '../log';
import { signBody, SIGNATURE_HEADER } from '../../follow-up/signature';
import { writePrivateFileAsync } from '../../platform/private-files';

export interface SmsMessage {
  /** The citizen's phone number: only ever in the gateway request (or the outbox file). */
  phone: string;
  text: string;
  /**
   * Idempotency key, free of personal data, the same on every retry of one message: sent as the
   * `Idempotency-Key` header, and the outbox file's name.
   */
  id: string;
}

export interface SmsGateway {
  /** Where messages go, for the start-up log line (never a phone number). */
  readonly description: string;
  /** Resolves once the gateway accepted the message; throws otherwise. */
  send(message: SmsMessage): Promise<void>;
}

export interface HttpSmsGatewayOptions {
  /** Signs each request with X-Hotline-Signature (the callback scheme) when set. */
  secret?: string;
  timeoutMs?: number;
}

/** POST {phone, text} as JSON; 2xx = accepted. 4xx other than 408/429 is not retried. */
export class HttpSmsGateway implements SmsGateway {
  readonly description: string;
  constructor(
    private readonly url: string,
    private readonly options: HttpSmsGatewayOptions = {},
  ) {
    this.description = `HTTP gateway ${new URL(url).origin}`;
  }

  async send(message: SmsMessage): Promise<void> {
    const body = JSON.stringify({ phone: message.phone, text: message.text });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.id };
    if (this.options.secret) headers[SIGNATURE_HEADER] = signBody(body, this.options.secret);
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (err) {
      throw new Error(`SMS gateway unreachable: ${networkReason(err)}`, { cause: err });
    }
    await res.body?.cancel();
    if (!res.ok) throw httpFailure('SMS gateway', res.status);
  }
}

/** Writes `<id>.txt` (recipient line, blank line, text); a retry overwrites the same file. */
export class FileSmsGateway implements SmsGateway {
  readonly description: string;
  constructor(readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  async send(message: SmsMessage): Promise<void> {
    const file = path.join(this.dir, `${safeFileName(message.id)}.txt`);
    await writePrivateFileAsync(file, `To: ${message.phone}\n\n${message.text}\n`);
  }
}

/** HOTLINE_SMS_URL → HTTP gateway; otherwise the folder `<dataDir>/sms`, and the log says so. */
export function createSmsGateway(o: { url?: string; dataDir: string; secret?: string; log?: ActivityLogger }): SmsGateway {
  if (o.url) return new HttpSmsGateway(o.url, { secret: o.secret });
  const gateway = new FileSmsGateway(path.join(o.dataDir, 'sms'));
  (o.log ?? consoleLogger).info(`HOTLINE_SMS_URL not set: text messages are written to ${gateway.dir}`);
  return gateway;
}

export const safeFileName = (s: string): string => s.replace(/[^\w.-]/g, '_').slice(0, 200);

/** A short reason for a failed fetch, without the request (the body may hold a phone number). */
export function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timeout';
  return redactPhones(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err));
}

/** Retryable for 5xx, 408 and 429; a definite refusal (other 4xx) is not worth retrying. */
export function httpFailure(who: string, status: number): Error {
  const message = `${who} answered HTTP ${status}`;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return ApplicationFailure.nonRetryable(message, 'ProviderRejected');
  }
  return new Error(message);
}
