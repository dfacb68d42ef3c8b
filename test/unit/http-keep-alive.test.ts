// Keep-alive: a proxy in front of the API reuses idle connections; the server must not close one
// while the proxy may still send on it (that request would die with a reset: a 502 for the user).
// Driven over raw TCP, so what the server does with the connection is seen byte for byte.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../api/http-server';
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

async function listen(keepAliveTimeoutMs?: number) {
  const server = createHttpServer((_req, res) => res.end('ok'), { keepAliveTimeoutMs });
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

  test('the timeout is configurable, and headersTimeout outlasts it (or it would cut idle connections first)', async () => {
    const { server, port } = await listen(1_000);
    expect(server.keepAliveTimeout).toBe(1_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
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
