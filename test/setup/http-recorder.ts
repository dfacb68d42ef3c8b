// A real HTTP server on loopback standing in for an outside service (the voice provider, the SMS
// gateway): it records every request and answers with the status the test sets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: unknown;
  receivedAt: number;
}

export class HttpRecorder {
  readonly requests: RecordedRequest[] = [];
  /** The status of the next answers. */
  status = 200;
  private server?: http.Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = raw;
        }
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body, receivedAt: Date.now() });
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.status < 300 ? { accepted: true } : { error: 'failure' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  async waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 20_000): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.requests.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching request within ${timeoutMs} ms; got ${this.requests.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A port nobody listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const probe = await new HttpRecorder().start();
  const port = probe.port;
  await probe.stop();
  return port;
}
