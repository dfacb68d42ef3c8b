// Docker is not available where the tests run, so this checks docker-compose.yml's wiring by parsing
// it: every host:port, URL and depends_on must name a service (and a port) that the file defines.
// Values are interpolated the way `docker compose` does (${VAR:-default}, ${VAR:?error}, $$) and then
// parsed, so the assertions check what the containers would receive, not how the file spells it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { temporalVersions } from '../../platform/temporal-cli';
import { argv, dockerfileCmd } from '../setup/dockerfile';
import { dashboardMetrics, readDashboard } from '../setup/dashboard';
import { createApiMetrics } from '../../api/metrics';

const root = path.resolve(__dirname, '../..');

type Vars = Record<string, string | undefined>;
type EnvironmentSpec = Record<string, string | number | boolean | null> | string[];
type PortSpec = string | number | { target: number | string; published?: number | string; protocol?: string };
type VolumeSpec = string | { type?: string; source?: string; target: string; read_only?: boolean };
type DependsOnSpec = string[] | Record<string, { condition?: string } | null>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: EnvironmentSpec;
  ports?: PortSpec[];
  expose?: (string | number)[];
  volumes?: VolumeSpec[];
  depends_on?: DependsOnSpec;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  profiles?: string[];
  entrypoint?: string | string[];
}
interface ComposeFile {
  services: Record<string, Service & { secrets?: string[] }>;
  secrets?: Record<string, { file?: string }>;
}

// merge: the file shares environment blocks between services with YAML merge keys (<<: *anchor).
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;

/** What an operator's .env provides: the required secret and SMTP relay. Everything else takes its default. */
const BASE_VARS: Vars = {
  HOTLINE_JWT_SECRET: 'jwt-secret-from-dotenv',
  SMTP_URL: 'smtps://mailer:pw@relay.example.gov.cn:465',
  HOTLINE_PAYLOAD_KEYS_FILE: './secrets/payload-keys.json',
};
/** Overrides of every optional knob, to prove each one reaches all the services that must agree on it. */
const OVERRIDE_VARS: Vars = {
  ...BASE_VARS,
  POSTGRES_PASSWORD: 'pw-from-dotenv',
  TEMPORAL_NAMESPACE: 'ns-from-dotenv',
  TEMPORAL_TASK_QUEUE: 'queue-from-dotenv',
};

// ---------------------------------------------------------------------------------------------
// Helpers: compose interpolation, environment (map or list), ports, volumes, depends_on.

/** Compose variable interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}. */
function interpolate(value: string, vars: Vars): string {
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return value.replace(pattern, (_match, dollar?: string, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (dollar) return '$';
    if (bare) return vars[bare] ?? '';
    const current = vars[name!];
    const missing = colon ? current === undefined || current === '' : current === undefined;
    switch (op) {
      case '-':
        return missing ? arg! : current!;
      case '?':
        if (missing) throw new Error(`required variable ${name} is missing: ${arg}`);
        return current!;
      case '+':
        return missing ? '' : arg!;
      default:
        return current ?? '';
    }
  });
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's environment as the container sees it; accepts compose's map and list forms. */
function environment(name: string, vars: Vars = BASE_VARS): Record<string, string | undefined> {
  const spec = service(name).environment ?? {};
  const entries: [string, string | undefined][] = Array.isArray(spec)
    ? spec.map((item): [string, string | undefined] => {
        const eq = item.indexOf('=');
        // `- KEY` without a value passes the variable through from the shell running compose.
        return eq < 0 ? [item, vars[item]] : [item.slice(0, eq), interpolate(item.slice(eq + 1), vars)];
      })
    : Object.entries(spec).map(([key, value]): [string, string | undefined] => [key, value === null ? vars[key] : interpolate(String(value), vars)]);
  return Object.fromEntries(entries);
}

function requiredEnv(name: string, key: string, vars: Vars = BASE_VARS): string {
  const value = environment(name, vars)[key];
  if (value === undefined || value === '') throw new Error(`service "${name}" does not set ${key}`);
  return value;
}

interface PortMapping {
  published?: number;
  target: number;
  protocol: string;
}

/** Short ("[ip:]published:target[/proto]", "target") and long ({target, published}) port syntax. */
function ports(name: string, vars: Vars = BASE_VARS): PortMapping[] {
  return (service(name).ports ?? []).map((spec): PortMapping => {
    if (typeof spec === 'number') return { target: spec, protocol: 'tcp' };
    if (typeof spec === 'string') {
      const [mapping, protocol = 'tcp'] = interpolate(spec, vars).split('/');
      const parts = mapping.split(':');
      const target = Number(parts[parts.length - 1]);
      const published = parts.length >= 2 && parts[parts.length - 2] !== '' ? Number(parts[parts.length - 2]) : undefined;
      return { target, published, protocol };
    }
    return {
      target: Number(spec.target),
      published: spec.published === undefined ? undefined : Number(spec.published),
      protocol: spec.protocol ?? 'tcp',
    };
  });
}

/** Container ports a service declares (published or merely exposed). */
function containerPorts(name: string): number[] {
  return [...ports(name).map((p) => p.target), ...(service(name).expose ?? []).map((p) => Number(String(p).split('/')[0]))];
}

function dependsOn(name: string): Record<string, string> {
  const spec = service(name).depends_on ?? [];
  if (Array.isArray(spec)) return Object.fromEntries(spec.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(Object.entries(spec).map(([dep, opts]) => [dep, opts?.condition ?? 'service_started']));
}

/** host:port (no scheme), as TEMPORAL_ADDRESS is written. */
function hostPort(address: string): { host: string; port: number } {
  const url = new URL(`tcp://${address}`);
  expect(url.port).not.toBe('');
  return { host: url.hostname, port: Number(url.port) };
}

/** Files a service mounts from the project (bind mounts), keyed by container path. */
function bindMounts(name: string): { source: string; target: string }[] {
  return (service(name).volumes ?? []).flatMap((spec) => {
    let source: string | undefined;
    let target: string;
    if (typeof spec === 'string') {
      const parts = spec.split(':');
      if (parts.length < 2) return [];
      [source, target] = parts;
    } else {
      source = spec.source;
      target = spec.target;
    }
    // Named volumes have no path separator; bind mounts are relative (./x) or absolute.
    if (!source || !/^[./~]/.test(source)) return [];
    return [{ source: path.resolve(root, source), target }];
  });
}

function readTree(file: string): string {
  if (!statSync(file).isDirectory()) return readFileSync(file, 'utf8');
  return readdirSync(file)
    .map((entry) => readTree(path.join(file, entry)))
    .join('\n');
}

const POSTGRES_DEFAULT_PORT = 5432;
const MAILPIT_DEFAULT_SMTP_PORT = 1025;
// The dev server's versions (platform/temporal-versions.json): production runs the same server and UI.
const TEMPORAL_VERSION = temporalVersions.server;
const TEMPORAL_UI_DEFAULT_PORT = 8080;
const APP_SERVICES = ['worker', 'api'] as const;

/** Every service `name` waits for, directly or through the services it waits for. */
function dependsTransitively(name: string, seen = new Set<string>()): Set<string> {
  for (const dep of Object.keys(dependsOn(name))) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    dependsTransitively(dep, seen);
  }
  return seen;
}

/** The shell script a one-shot admin-tools service runs (`sh -c <script>`), with $$ unescaped. */
function script(name: string): string {
  const command = service(name).command;
  return interpolate(Array.isArray(command) ? command.join('\n') : (command ?? ''), BASE_VARS);
}

/** What the postgresql container is initialised with, under the given variables. */
/** The source files `npm run build` compiles as entry points (tsconfig.build.json's files). */
function buildEntries(): string[] {
  return (JSON.parse(readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8')) as { files: string[] }).files;
}

function postgresSettings(vars: Vars) {
  const env = environment('postgresql', vars);
  const user = env.POSTGRES_USER || 'postgres';
  return {
    user,
    password: env.POSTGRES_PASSWORD,
    port: Number(env.PGPORT ?? POSTGRES_DEFAULT_PORT),
    defaultDb: env.POSTGRES_DB || user,
  };
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  test('defines the services', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'grafana',
        'mailpit',
        'postgresql',
        'prometheus',
        'seaweedfs',
        'temporal',
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'worker',
      ].sort(),
    );
  });

  test('the API keeps attachments in SeaweedFS: its S3 endpoint is a port the service listens on, with the same identity', () => {
    const api = environment('api');
    const weed = environment('seaweedfs');
    const { host, port } = hostPort(new URL(api.HOTLINE_S3_ENDPOINT!).host);
    expect(host).toBe('seaweedfs');
    expect(containerPorts('seaweedfs')).toContain(port);
    expect(service('seaweedfs').command).toContain(`-s3.port=${port}`);
    expect(api.HOTLINE_S3_BUCKET).toBeTruthy();
    expect([api.AWS_ACCESS_KEY_ID, api.AWS_SECRET_ACCESS_KEY]).toEqual([weed.AWS_ACCESS_KEY_ID, weed.AWS_SECRET_ACCESS_KEY]);
    expect(dependsOn('api')).toHaveProperty('seaweedfs');
  });

  test('service_completed_successfully targets are one-shot services', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        if (condition === 'service_completed_successfully') expect({ dep, restart: services[dep].restart }).toEqual({ dep, restart: 'no' });
      }
    }
  });

  test('every depends_on names an existing service; service_healthy targets define a healthcheck', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        expect({ service: name, dependsOn: dep, exists: dep in services }).toEqual({
          service: name,
          dependsOn: dep,
          exists: true,
        });
        expect(dep).not.toBe(name);
        if (condition === 'service_healthy') {
          const healthcheck = services[dep].healthcheck;
          expect({ dep, hasHealthcheck: !!healthcheck?.test && !healthcheck.disable }).toEqual({
            dep,
            hasHealthcheck: true,
          });
        }
      }
    }
  });

  describe.each(APP_SERVICES)('%s', (name) => {
    test('HOTLINE_RULES names the rules file mounted read-only: the seed by default, HOTLINE_RULES_FILE when set', () => {
      const target = requiredEnv(name, 'HOTLINE_RULES');
      const mount = (service(name).volumes ?? []).find((v): v is Exclude<VolumeSpec, string> => typeof v === 'object' && v.target === target);
      expect(mount).toMatchObject({ type: 'bind', read_only: true });
      const source = (vars: Vars) => path.resolve(root, interpolate(mount!.source!, vars));
      expect(source(BASE_VARS)).toBe(path.join(root, 'config', 'rules.seed.json'));
      expect(existsSync(source(BASE_VARS))).toBe(true);
      expect(source({ ...BASE_VARS, HOTLINE_RULES_FILE: '/srv/hotline/rules.json' })).toBe('/srv/hotline/rules.json');
    });

    test('builds the project root with its Dockerfile', () => {
      const build = service(name).build;
      expect(build).toBeDefined();
      const context = typeof build === 'string' ? build : (build?.context ?? '.');
      expect(path.resolve(root, context)).toBe(root);
      const dockerfile = typeof build === 'object' && build.dockerfile ? build.dockerfile : 'Dockerfile';
      expect(existsSync(path.resolve(root, context, dockerfile))).toBe(true);
    });

    test('runs its compiled entry point with node (what `npm run build` compiles; no ts-node, no npm)', () => {
      // Without `command`, the container runs the image's CMD.
      const command = argv(service(name).command ?? dockerfileCmd());
      expect(command).toEqual(['node', `dist/${name}/main.js`]);
      expect(buildEntries()).toContain(`${name}/main.ts`);
      const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts[name]).toBe(command.join(' '));
    });

    test('TEMPORAL_ADDRESS names the temporal service and a port it listens on; starts after the namespace exists', () => {
      const { host, port } = hostPort(requiredEnv(name, 'TEMPORAL_ADDRESS'));
      expect(host).toBe('temporal');
      expect(services[host]).toBeDefined();
      expect(containerPorts(host)).toContain(port);
      expect(dependsOn(name)['temporal-namespace']).toBe('service_completed_successfully');
      expect(dependsTransitively(name)).toContain(host);
    });

    test("SMTP_URL is the operator's relay, required, passed through unchanged", () => {
      expect(requiredEnv(name, 'SMTP_URL')).toBe(BASE_VARS.SMTP_URL);
      const { SMTP_URL: _omitted, ...withoutRelay } = BASE_VARS;
      expect(() => environment(name, withoutRelay)).toThrow(/SMTP_URL/);
      expect(Object.keys(dependsOn(name))).not.toContain('mailpit');
    });

    test("with the dev profile, SMTP_URL=smtp://mailpit:1025 reaches Mailpit's SMTP port", () => {
      const url = new URL(requiredEnv(name, 'SMTP_URL', { ...BASE_VARS, SMTP_URL: 'smtp://mailpit:1025' }));
      expect(service(url.hostname).profiles).toEqual(['dev']);
      const bind = environment(url.hostname).MP_SMTP_BIND_ADDR;
      const smtpPort = bind ? hostPort(bind.startsWith(':') ? `0.0.0.0${bind}` : bind).port : MAILPIT_DEFAULT_SMTP_PORT;
      expect(Number(url.port)).toBe(smtpPort);
    });

    test('has a health check that runs in the image', () => {
      const check = argv(service(name).healthcheck?.test ?? []);
      expect(check[0]).toBe('CMD');
      expect(check[1]).toBe('node');
      if (name === 'worker') {
        expect(check.slice(2)).toEqual(['dist/worker/healthcheck.js']);
        expect(buildEntries()).toContain('worker/healthcheck.ts');
      } else {
        const port = environment(name).PORT;
        expect(check.join(' ')).toMatch(/\/readyz/);
        expect(check.join(' ')).toMatch(/process\.env\.PORT/);
        expect(ports(name).map((p) => p.target)).toContain(Number(port));
      }
    });

    test.each([
      ['defaults', BASE_VARS],
      ['overridden variables', OVERRIDE_VARS],
    ])('DATABASE_URL reaches the postgresql service with its credentials (%s)', (_label, vars) => {
      const url = new URL(requiredEnv(name, 'DATABASE_URL', vars));
      expect(['postgres:', 'postgresql:']).toContain(url.protocol);
      expect(url.hostname).toBe('postgresql');
      expect(services[url.hostname]).toBeDefined();
      const pg = postgresSettings(vars);
      expect(Number(url.port || POSTGRES_DEFAULT_PORT)).toBe(pg.port);
      expect(decodeURIComponent(url.username)).toBe(pg.user);
      expect(decodeURIComponent(url.password)).toBe(pg.password);
      expect(dependsOn(name)[url.hostname]).toBe('service_healthy');
    });

    test('DATABASE_URL uses a separate database that an init script creates', () => {
      const database = decodeURIComponent(new URL(requiredEnv(name, 'DATABASE_URL')).pathname.slice(1));
      expect(database).not.toBe('');
      // Not postgres' own default database, nor one of Temporal's.
      const temporalEnv = environment('temporal');
      expect(database).not.toBe(postgresSettings(BASE_VARS).defaultDb);
      expect(database).not.toBe(temporalEnv.DBNAME ?? 'temporal');
      expect(database).not.toBe(temporalEnv.VISIBILITY_DBNAME ?? 'temporal_visibility');

      const initMounts = bindMounts('postgresql').filter((m) => m.target.startsWith('/docker-entrypoint-initdb.d'));
      expect(initMounts.length).toBeGreaterThan(0);
      for (const mount of initMounts) expect(existsSync(mount.source)).toBe(true);
      const initSql = initMounts.map((m) => readTree(m.source)).join('\n');
      const created = [...initSql.matchAll(/CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z0-9_]+)"?/gi)].map((m) => m[1]);
      expect(created).toContain(database);
    });

    test('HOTLINE_JWT_SECRET comes from the environment and is required', () => {
      expect(requiredEnv(name, 'HOTLINE_JWT_SECRET')).toBe(BASE_VARS.HOTLINE_JWT_SECRET);
      const { HOTLINE_JWT_SECRET: _omitted, ...withoutSecret } = BASE_VARS;
      expect(() => environment(name, withoutSecret)).toThrow(/HOTLINE_JWT_SECRET/);
    });

    test('restarts unless stopped', () => {
      expect(service(name).restart).toBe('unless-stopped');
    });
  });

  test.each([
    ['defaults', BASE_VARS],
    ['overridden variables', OVERRIDE_VARS],
  ])('worker, api and temporal agree on namespace and task queue (%s)', (_label, vars) => {
    const worker = environment('worker', vars);
    const api = environment('api', vars);
    expect(api.TEMPORAL_NAMESPACE ?? 'default').toBe(worker.TEMPORAL_NAMESPACE ?? 'default');
    expect(api.TEMPORAL_TASK_QUEUE ?? 'hotline').toBe(worker.TEMPORAL_TASK_QUEUE ?? 'hotline');
    // temporal-namespace registers the namespace the app uses.
    expect(environment('temporal-namespace', vars).NAMESPACE).toBe(worker.TEMPORAL_NAMESPACE);
    expect(script('temporal-namespace')).toMatch(/temporal operator namespace create [^\n]*"\$NAMESPACE"/);
  });

  test('the worker and the API read one payload key ring, mounted as a secret from HOTLINE_PAYLOAD_KEYS_FILE; the UI decodes through the API', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name]!.secrets).toEqual(['payload-keys']);
      expect(environment(name).HOTLINE_PAYLOAD_KEYS).toBe('/run/secrets/payload-keys');
    }
    expect(interpolate(compose.secrets!['payload-keys']!.file!, BASE_VARS)).toBe('./secrets/payload-keys.json');
    expect(() => interpolate(compose.secrets!['payload-keys']!.file!, { ...BASE_VARS, HOTLINE_PAYLOAD_KEYS_FILE: undefined })).toThrow(
      /HOTLINE_PAYLOAD_KEYS_FILE/,
    );
    const ui = environment('temporal-ui');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe(`${environment('api').HOTLINE_PUBLIC_URL}/codec`);
    expect(environment('api').HOTLINE_CODEC_CORS_ORIGINS).toBe('http://localhost:8233');
  });

  test('api publishes the port it listens on', () => {
    const listen = Number(environment('api').PORT ?? 3000);
    expect(ports('api')).toContainEqual(expect.objectContaining({ target: listen, published: 3000 }));
  });

  test.each([
    ['defaults', BASE_VARS],
    ['overridden variables', OVERRIDE_VARS],
  ])("temporal's and temporal-schema's postgres settings point at the postgresql service (%s)", (_label, vars) => {
    for (const name of ['temporal', 'temporal-schema']) {
      const env = environment(name, vars);
      expect(env.DB).toMatch(/^postgres12/);
      const seeds = (env.POSTGRES_SEEDS ?? '').split(',').map((seed) => seed.trim());
      expect(seeds).toContain('postgresql');
      const pg = postgresSettings(vars);
      expect(Number(env.DB_PORT)).toBe(pg.port); // auto-setup defaults DB_PORT to MySQL's 3306
      expect(env.POSTGRES_USER).toBe(pg.user);
      expect(env.POSTGRES_PWD).toBe(pg.password);
    }
  });

  test('Temporal runs the production server image, pinned to the dev server’s version, and no test image (auto-setup)', () => {
    expect(service('temporal').image).toBe(`temporalio/server:${TEMPORAL_VERSION}`);
    expect(service('temporal-ui').image).toBe(`temporalio/ui:${temporalVersions.ui}`);
    for (const name of ['temporal-schema', 'temporal-namespace']) expect(service(name).image).toBe(`temporalio/admin-tools:${TEMPORAL_VERSION}`);
    for (const s of Object.values(services)) expect(s.image ?? '').not.toMatch(/auto-setup/);
  });

  test('the schema is set up by temporal-sql-tool in a one-shot service before the server starts', () => {
    expect(dependsOn('temporal-schema').postgresql).toBe('service_healthy');
    expect(dependsOn('temporal')['temporal-schema']).toBe('service_completed_successfully');
    const env = environment('temporal-schema');
    const sh = script('temporal-schema');
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d']) expect(sh).toContain(step);
    expect(sh).toContain('temporal-sql-tool');
    // Both databases the server uses, each with its own schema directory.
    expect(sh).toMatch(/\$DBNAME:temporal\b/);
    expect(sh).toMatch(/\$VISIBILITY_DBNAME:visibility\b/);
    expect(sh).toContain('/etc/temporal/schema/postgresql/v12/');
    expect([env.DBNAME, env.VISIBILITY_DBNAME]).toEqual([environment('temporal').DBNAME, environment('temporal').VISIBILITY_DBNAME]);
  });

  test('postgresql password comes from POSTGRES_PASSWORD with a local default', () => {
    expect(postgresSettings(BASE_VARS).password).toBeTruthy();
    expect(postgresSettings(OVERRIDE_VARS).password).toBe(OVERRIDE_VARS.POSTGRES_PASSWORD);
  });

  test('temporal-ui targets the temporal service and publishes 8233', () => {
    const { host, port } = hostPort(requiredEnv('temporal-ui', 'TEMPORAL_ADDRESS'));
    expect(host).toBe('temporal');
    expect(containerPorts(host)).toContain(port);
    const uiPort = Number(environment('temporal-ui').TEMPORAL_UI_PORT ?? TEMPORAL_UI_DEFAULT_PORT);
    expect(ports('temporal-ui')).toContainEqual(expect.objectContaining({ published: 8233, target: uiPort }));
  });

  test('mailpit, in the dev profile only, publishes its SMTP and web ports', () => {
    expect(service('mailpit').profiles).toEqual(['dev']);
    for (const [name, s] of Object.entries(services))
      if (name !== 'mailpit') expect({ name, profiles: s.profiles }).toEqual({ name, profiles: undefined });
    expect(ports('mailpit').map((p) => p.target)).toEqual(expect.arrayContaining([1025, 8025]));
  });
});

describe('monitoring: Prometheus scrapes the API and the worker, Grafana shows the dashboard', () => {
  /** The file a service mounts at `target`, from the project. */
  const mounted = (name: string, target: string): string => {
    const mount = bindMounts(name).find((m) => m.target === target);
    if (!mount) throw new Error(`service "${name}" mounts nothing at ${target}`);
    expect(existsSync(mount.source)).toBe(true);
    return mount.source;
  };
  const yamlAt = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;
  const prometheusConfig = () =>
    yamlAt<{ scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[] }>(
      mounted('prometheus', '/etc/prometheus/prometheus.yml'),
    );
  const targetOf = (job: string) => {
    const cfg = prometheusConfig().scrape_configs.find((c) => c.job_name === job);
    expect(cfg?.metrics_path ?? '/metrics').toBe('/metrics');
    return hostPort(cfg!.static_configs[0].targets[0]);
  };

  test.each([
    ['hotline-api', 'api', 'HOTLINE_METRICS_PORT'],
    ['hotline-worker', 'worker', 'HOTLINE_WORKER_METRICS_PORT'],
  ])('Prometheus job %s scrapes the %s service on the port it binds, on every interface of its container, unpublished', (job, name, portVar) => {
    const { host, port } = targetOf(job);
    expect(host).toBe(name);
    expect(Number(requiredEnv(name, portVar))).toBe(port);
    expect(requiredEnv(name, 'HOTLINE_METRICS_HOST')).toBe('0.0.0.0');
    expect(containerPorts(name)).toContain(port);
    expect(ports(name).map((p) => p.target)).not.toContain(port);
  });

  test('Prometheus and Grafana are published on this host only', () => {
    for (const [name, target] of [
      ['prometheus', 9090],
      ['grafana', 3000],
    ] as const) {
      const spec = (service(name).ports ?? []).map(String);
      expect(spec.some((p) => p.startsWith('127.0.0.1:') && p.endsWith(`:${target}`))).toBe(true);
      expect(spec.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    }
    expect(environment('grafana').GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
  });

  test('Grafana reads the provisioned Prometheus and the dashboard folder', () => {
    const provisioning = mounted('grafana', '/etc/grafana/provisioning');
    const { datasources } = yamlAt<{ datasources: { uid: string; type: string; url: string }[] }>(
      path.join(provisioning, 'datasources', 'prometheus.yml'),
    );
    expect(datasources).toHaveLength(1);
    const url = new URL(datasources[0].url);
    expect(url.hostname).toBe('prometheus');
    expect(Number(url.port)).toBe(9090);
    expect(Object.keys(services)).toContain('prometheus');
    const { providers } = yamlAt<{ providers: { options: { path: string } }[] }>(path.join(provisioning, 'dashboards', 'hotline.yml'));
    const dashboards = mounted('grafana', providers[0].options.path);
    expect(readdirSync(dashboards)).toContain('hotline.json');

    const dashboard = readDashboard();
    expect(dashboard.uid).toBe('hotline-overview');
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThan(8);
    for (const p of queried) {
      expect(p.datasource?.uid).toBe(datasources[0].uid);
      expect(p.targets?.length).toBeGreaterThan(0);
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
    // Panels do not overlap on Grafana's 24-column grid.
    const taken = new Map<string, string>();
    for (const { gridPos: g, title } of dashboard.panels) {
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect({ cell: `${x},${y}`, by: taken.get(`${x},${y}`) }).toEqual({ cell: `${x},${y}`, by: undefined });
          taken.set(`${x},${y}`, title);
        }
      }
    }
  });

  test('every API metric the dashboard reads is one the API registers', async () => {
    const registered = (await createApiMetrics().registry.getMetricsAsJSON()).flatMap((m) =>
      String(m.type) === 'histogram' ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name],
    );
    expect(dashboardMetrics('hotline_').length).toBeGreaterThan(3);
    expect(dashboardMetrics('hotline_').filter((m) => !registered.includes(m))).toEqual([]);
  });
});
