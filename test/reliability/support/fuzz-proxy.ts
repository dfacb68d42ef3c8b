// A reverse proxy on loopback in front of the API for the fuzzer: counts every request and its
// status, keeps the 5xx answers for the report, and sends three of every four requests aimed at
// one ticket to one of the sentinel tickets instead — so generated actions meet real tickets in
// real states — counting per sentinel the actions the API accepted (2xx), whichever way they
// reached it.
import http from 'node:http';
import { AddressInfo } from 'node:net';

const TICKET_PATH = /^\/api\/v1\/tickets\/([^/?#]+)(\/[^?#]*)?(\?.*)?$/;

export interface ServerError {
  method: string;
  path: string;
  status: number;
  body: string;
}

/** Where a POST opens a ticket: the API's intake, the citizen's web form (网上诉求), Open311's requests. */
const INTAKE_PATHS = /^\/(api\/v1\/tickets|citizen\/request|open311\/v2\/requests\.(json|xml))(\?|$)/;

export class FuzzProxy {
  total = 0;
  byStatus: Record<number, number> = {};
  serverErrors: ServerError[] = [];
  /** Per sentinel: actions answered 2xx, and all actions sent to it. */
  sentinelActions = new Map<string, { accepted: number; sent: number }>();
  /** Intakes answered 201 (tickets the fuzzer created): the API's, the citizen's web form, Open311's. */
  created = 0;
  private aimed = 0;
  private server?: http.Server;
  // Like a real proxy, it drops an idle upstream connection well before the API would (65 s).
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 });
  port = 0;

  /**
   * `authFor(path)`: the Authorization header to send upstream instead of the fuzzer's, e.g. a
   * handler's token for the actions only a unit's own people may take (admins may take the rest).
   */
  constructor(
    private readonly target: URL,
    private readonly sentinels: string[],
    private readonly authFor: (path: string) => string | undefined = () => undefined,
  ) {
    for (const s of sentinels) this.sentinelActions.set(s, { accepted: 0, sent: 0 });
  }

  /** The path to send upstream, and the sentinel it addresses (rewritten, or named by the fuzzer itself). */
  private rewrite(path: string): { path: string; sentinel?: string; action: boolean } {
    const m = TICKET_PATH.exec(path);
    if (!m || this.sentinels.length === 0) return { path, action: false };
    // An attachment is an update of the ticket too (the attach action), through its own route.
    const action = (m[2] ?? '').startsWith('/actions/') || m[2] === '/attachments';
    const n = this.aimed++;
    // The fuzzer learns real ids too (from the list and from Location headers): count those as well.
    if (n % 4 === 3) return { path, action, sentinel: this.sentinelActions.has(m[1]) ? m[1] : undefined };
    const sentinel = this.sentinels[Math.floor(n / 4) % this.sentinels.length];
    return { path: `/api/v1/tickets/${sentinel}${m[2] ?? ''}${m[3] ?? ''}`, sentinel, action };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.total += 1;
      const { path, sentinel, action } = this.rewrite(req.url ?? '/');
      const counted = sentinel && action && req.method === 'POST' ? this.sentinelActions.get(sentinel) : undefined;
      if (counted) counted.sent += 1;
      const auth = req.headers.authorization ? this.authFor(path) : undefined;
      const headers = { ...req.headers, host: this.target.host, ...(auth ? { authorization: auth } : {}) };
      const upstream = http.request(
        { host: this.target.hostname, port: this.target.port, method: req.method, path, headers, agent: this.agent },
        (up) => {
          const status = up.statusCode ?? 0;
          this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
          // A retry answered from an earlier request (Idempotent-Replayed) changed nothing.
          if (counted && status >= 200 && status < 300 && up.headers['idempotent-replayed'] !== 'true') counted.accepted += 1;
          if (req.method === 'POST' && INTAKE_PATHS.test(path) && status === 201) this.created += 1;
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            const body = Buffer.concat(chunks);
            if (status >= 500) this.serverErrors.push({ method: req.method ?? '', path, status, body: body.toString('utf8').slice(0, 500) });
            res.writeHead(status, up.headers);
            res.end(body);
          });
        },
      );
      upstream.on('error', (err) => {
        this.byStatus[502] = (this.byStatus[502] ?? 0) + 1;
        this.serverErrors.push({ method: req.method ?? '', path, status: 502, body: `proxy: ${err.message}` });
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${err.message}`);
      });
      req.pipe(upstream);
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.agent.destroy();
  }
}
