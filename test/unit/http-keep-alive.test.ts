// Keep-alive: a proxy in front of the API reuses idle connections; the server must not close one
// while the proxy may still send on it (that request would die with a reset: a 502 for the user).
// Driven over raw TCP, so what the server does with the connection is seen byte for byte.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpServer, HttpTimeouts } from '../../api/http-server';
import { loadEnv } from '../../config/env';

/** One keep-alive connection: send a request, read its whole response, or learn the server closed. */
class Connection {
  private buffered = '';
  private closed = false;
  private wake?: () => void;
  private readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.wake?.();
    });
    // A reset (ECONNRESET) is a close too: the test then sees `closed`.
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once the server has closed the connection. */
  async closedByServer(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => (this.wake = r));
  }

  /** The status line and headers of the answer, or 'closed' when the connection died instead. */
  async get(path: string): Promise<{ status: number; headers: Record<string, string> } | 'closed'> {
    if (this.closed) return 'closed';
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: api\r\nConnection: keep-alive\r\n\r\n`);
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.buffered.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length'] ?? 0);
        if (this.buffered.length >= end + 4 + length) {
          this.buffered = this.buffered.slice(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers };
        }
      }
      if (this.closed) return 'closed';
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  end(): void {
    this.socket.destroy();
  }
}

async function listen(keepAliveTimeoutMs?: number, more: Omit<HttpTimeouts, 'keepAliveTimeoutMs'> = {}) {
  // Answers once the whole request has arrived, as express.json() does.
  const server = createHttpServer((req, res) => req.resume().on('end', () => res.end('ok')), { keepAliveTimeoutMs, ...more });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('the API server keeps idle connections longer than a proxy does', () => {
  test('a connection idle past Node’s default 5 s is still open, and reusing it gets an answer', async () => {
    const { server, port } = await listen();
    const conn = new Connection(port);
    try {
      const first = await conn.get('/healthz');
      expect(first).toMatchObject({ status: 200 });
      // Clients and proxies that honour the hint expire the connection before the server does.
      expect(first !== 'closed' && first.headers['keep-alive']).toBe('timeout=65');
      // Node's default keepAliveTimeout is 5 s: this is where a proxy's reuse used to meet a reset.
      await new Promise((r) => setTimeout(r, 5_500));
      expect(conn.isClosed).toBe(false);
      expect(await conn.get('/healthz')).toMatchObject({ status: 200 });
    } finally {
      conn.end();
      server.close();
    }
  }, 20_000);

  test('an idle connection is the keep-alive timeout’s alone: idle past headersTimeout and requestTimeout, it still serves', async () => {
    const { server, port } = await listen(10_000, { headersTimeoutMs: 1_000, requestTimeoutMs: 1_000 });
    const conn = new Connection(port);
    try {
      expect(await conn.get('/healthz')).toMatchObject({ status: 200 });
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await conn.get('/healthz')).toMatchObject({ status: 200 });
    } finally {
      conn.end();
      server.close();
    }
  });

  test('the timeout is configurable', async () => {
    const { server, port } = await listen(1_000);
    expect(server.keepAliveTimeout).toBe(1_000);
    const conn = new Connection(port);
    try {
      const first = await conn.get('/healthz');
      expect(first !== 'closed' && first.headers['keep-alive']).toBe('timeout=1');
      // Past the configured wait the server closes the idle connection itself.
      await conn.closedByServer();
      expect(await conn.get('/healthz')).toBe('closed');
    } finally {
      conn.end();
      server.close();
    }
  });

  test('HOTLINE_HTTP_KEEP_ALIVE_MS: whole milliseconds, at least one second', () => {
    expect(loadEnv({ HOTLINE_HTTP_KEEP_ALIVE_MS: '120000' }).HOTLINE_HTTP_KEEP_ALIVE_MS).toBe(120_000);
    expect(loadEnv({}).HOTLINE_HTTP_KEEP_ALIVE_MS).toBeUndefined();
    expect(() => loadEnv({ HOTLINE_HTTP_KEEP_ALIVE_MS: '500' })).toThrow(/HOTLINE_HTTP_KEEP_ALIVE_MS/);
  });
});

describe('a slow or greedy client cannot hold the server (issue 24)', () => {
  /** Opens a connection, writes `parts` one per `gapMs`, and resolves with what the server answered and when. */
  async function trickle(port: number, parts: string[], gapMs: number): Promise<{ answer: string; ms: number }> {
    const socket = net.connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    for (const part of parts) {
      if (socket.destroyed) break;
      socket.write(part);
      await Promise.race([closed, new Promise((r) => setTimeout(r, gapMs))]);
    }
    await closed;
    return { answer, ms: Date.now() - started };
  }

  test('headers that trickle in are cut with 408 at headersTimeout, not Node’s 60 s', async () => {
    const { server, port } = await listen(undefined, { headersTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
    try {
      const header = Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: a\r\n`);
      const { answer, ms } = await trickle(port, ['GET /healthz HTTP/1.1\r\nHost: api\r\n', ...header], 200);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
      // 1 s plus at most one check interval (1 s) and scheduling: far below the 8 s the trickle would take.
      expect(ms).toBeLessThan(4_000);
    } finally {
      server.close();
    }
  });

  test('a body that trickles in is cut with 408 at requestTimeout, not Node’s 300 s', async () => {
    const { server, port } = await listen(undefined, { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
    try {
      const head = 'POST /x HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
      const { answer, ms } = await trickle(port, [head, ...Array.from({ length: 40 }, () => ' ')], 200);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
      expect(ms).toBeLessThan(4_500);
    } finally {
      server.close();
    }
  });

  test('connections beyond the cap are refused at once; those within it are served', async () => {
    const { server, port } = await listen(undefined, { maxConnections: 2 });
    const held = [new Connection(port), new Connection(port)];
    try {
      for (const c of held) expect(await c.get('/healthz')).toMatchObject({ status: 200 });
      const third = new Connection(port);
      expect(await third.get('/healthz')).toBe('closed');
      held[0]!.end();
      await new Promise((r) => setTimeout(r, 100));
      const fourth = new Connection(port);
      expect(await fourth.get('/healthz')).toMatchObject({ status: 200 });
      fourth.end();
    } finally {
      for (const c of held) c.end();
      server.close();
    }
  });

  test('the limits are configurable: HOTLINE_HTTP_HEADERS_TIMEOUT_MS, HOTLINE_HTTP_REQUEST_TIMEOUT_MS, HOTLINE_HTTP_MAX_CONNECTIONS', () => {
    const env = loadEnv({ HOTLINE_HTTP_HEADERS_TIMEOUT_MS: '5000', HOTLINE_HTTP_REQUEST_TIMEOUT_MS: '15000', HOTLINE_HTTP_MAX_CONNECTIONS: '64' });
    expect([env.HOTLINE_HTTP_HEADERS_TIMEOUT_MS, env.HOTLINE_HTTP_REQUEST_TIMEOUT_MS, env.HOTLINE_HTTP_MAX_CONNECTIONS]).toEqual([5_000, 15_000, 64]);
    expect(() => loadEnv({ HOTLINE_HTTP_REQUEST_TIMEOUT_MS: '10' })).toThrow(/HOTLINE_HTTP_REQUEST_TIMEOUT_MS/);
    const server = createHttpServer(() => undefined);
    expect([server.headersTimeout, server.requestTimeout, server.maxConnections]).toEqual([20_000, 30_000, 1024]);
  });
});
