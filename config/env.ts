// Every environment variable the processes read, validated once at start with a clear message
// per bad value. The README's configuration table lists the same names.
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../platform/paths';

const port = z.coerce.number().int().min(1).max(65535);
const url = z.url();
const flag = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');

export const envSchema = z.object({
  PORT: port.default(3000),
  /** How long the API keeps an idle keep-alive connection (default in api/http-server.ts). */
  HOTLINE_HTTP_KEEP_ALIVE_MS: z.coerce.number().int().min(1000).max(3_600_000).optional(),
  /** How long a request's headers, and the whole request, may take to arrive (api/http-server.ts). */
  HOTLINE_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
  HOTLINE_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
  /** Actions on one ticket in flight at once per API process; more answer 429 (api/ticket-gate.ts). */
  HOTLINE_ACTIONS_IN_FLIGHT_PER_TICKET: z.coerce.number().int().min(1).max(9).optional(),
  /** Open connections the API accepts at most. */
  HOTLINE_HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'expected host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('hotline'),
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  /** Worker Deployment Versioning (worker/deployment.ts): on unless `false`; name and build id default to package.json's. */
  HOTLINE_WORKER_VERSIONING: flag.default(true),
  HOTLINE_DEPLOYMENT_NAME: z.string().min(1).optional(),
  HOTLINE_BUILD_ID: z.string().min(1).optional(),
  /** When a starting worker makes its build the current version: if-none (no current yet), always, never. */
  HOTLINE_DEPLOYMENT_PROMOTE: z.enum(['if-none', 'always', 'never']).default('if-none'),
  TEMPORAL_GRPC_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  HOTLINE_DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
  HOTLINE_CATALOG: z.string().optional(),
  HOTLINE_CALENDAR_OVERRIDES: z.string().optional(),
  /** The rules file (config/rules-source.ts); the shipped seed when unset. */
  HOTLINE_RULES: z.string().optional(),
  HOTLINE_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  HOTLINE_JWKS_URL: url.optional(),
  /** `iss` and `aud` every bearer token must carry; unchecked when unset. */
  HOTLINE_JWT_ISSUER: z.string().min(1).optional(),
  HOTLINE_JWT_AUDIENCE: z.string().min(1).optional(),
  /** Longest bearer-token lifetime accepted (exp − iat), hours. */
  HOTLINE_JWT_MAX_LIFETIME_HOURS: z.coerce.number().positive().max(720).default(24),
  /** The console's single sign-on (OpenID Connect, authorization code + PKCE): the identity provider. */
  HOTLINE_OIDC_ISSUER: url.optional(),
  HOTLINE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  HOTLINE_OIDC_SCOPES: z.string().default('openid profile hotline'),
  HOTLINE_PUBLIC_URL: url.optional(),
  /** Open311 POST requests allowed per api_key and minute. */
  HOTLINE_OPEN311_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** 网上诉求 submissions allowed per client address and hour. */
  HOTLINE_WEB_SUBMITS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(5),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://host:port or smtps://...')
    .optional(),
  HOTLINE_MAIL_FROM: z.string().default('12345热线 <noreply@hotline.example>'),
  HOTLINE_SUPERVISION_EMAIL: z.email().default('duban@hotline.example'),
  HOTLINE_DISPATCH_EMAIL: z.email().default('paidan@hotline.example'),
  HOTLINE_FOLLOW_UP_PROVIDER: z.enum(['voice', 'link', 'manual']).default('manual'),
  HOTLINE_VOICE_URL: url.optional(),
  HOTLINE_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** link provider: SMS gateway (POST {phone, text}); without it SMS go to HOTLINE_DATA_DIR/sms. */
  HOTLINE_SMS_URL: url.optional(),
  /** link provider: HMAC secret of rating tokens (worker signs, API verifies). */
  HOTLINE_RATING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** link provider: validity of a rating link in hours (never beyond the ticket's follow-up end). */
  HOTLINE_RATING_TTL_HOURS: z.coerce.number().positive().default(168),
  /** HMAC key of the callers' pseudonyms in the ledger (一人多诉); the dev secret when unset. */
  HOTLINE_PSEUDONYM_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DATABASE_URL: z.string().optional(),
  /** The payload codec's key ring file (codec/key-ring.ts); a development key in HOTLINE_DATA_DIR when unset. */
  HOTLINE_PAYLOAD_KEYS: z.string().optional(),
  /** Origins of the Temporal Web UI allowed to call the codec server (comma-separated). */
  HOTLINE_CODEC_CORS_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()))
    .optional(),
  /** npm start: the loopback port of the codec endpoint the dev server's Web UI uses (a free port when unset). */
  HOTLINE_CODEC_PORT: port.optional(),
  /** The level of the structured log lines (platform/log.ts), the Temporal SDK's in the worker included. */
  HOTLINE_LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** The address the metrics listeners bind (the API's /metrics, the worker's Core metrics); loopback unless set. */
  HOTLINE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** The API's /metrics port (api/metrics-server.ts); no metrics listener when unset. */
  HOTLINE_METRICS_PORT: port.optional(),
  /** The worker's Core metrics port (worker/telemetry.ts); none when unset. */
  HOTLINE_WORKER_METRICS_PORT: port.optional(),
  /** Attachments in an S3 bucket (credentials from the AWS SDK's usual sources); unset: files under HOTLINE_DATA_DIR/attachments. */
  HOTLINE_S3_BUCKET: z.string().min(3).max(63).optional(),
  /** An S3-compatible service (MinIO, SeaweedFS); unset: AWS. */
  HOTLINE_S3_ENDPOINT: url.optional(),
  HOTLINE_S3_REGION: z.string().min(1).default('us-east-1'),
  /** One attachment at most, bytes (10 MB); a larger upload is refused 413. */
  HOTLINE_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(10 * 1024 * 1024),
  /** All of one ticket's attachments together at most, bytes (50 MB). */
  HOTLINE_ATTACHMENT_TICKET_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 4)
    .default(50 * 1024 * 1024),
});
export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadEnv(env: NodeJS.ProcessEnv = process.env): Env {
  // `FOO=` (as a .env file or docker compose's `${FOO:-}` leaves it) means unset, not an empty value.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HOTLINE_FOLLOW_UP_PROVIDER === 'voice' && !e.HOTLINE_VOICE_URL) {
    throw new ConfigError('Invalid configuration:\n  HOTLINE_VOICE_URL: required when HOTLINE_FOLLOW_UP_PROVIDER=voice');
  }
  return e;
}
