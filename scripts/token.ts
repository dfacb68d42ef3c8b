// `npm run token -- --role handler --unit LJ-WATER [--sub u1] [--name 张三] [--ttl 12h]`
// Prints a bearer token for the API, signed (HS256) with HOTLINE_JWT_SECRET or, when that is not
// set, the embedded stack's dev secret in $HOTLINE_DATA_DIR/dev-jwt-secret (created if missing).
import { parseArgs } from 'node:util';
import { signToken, unitRoles } from '../api/auth';
import { loadEnv } from '../config/env';
import { resolveJwtSecret } from '../config/jwt-secret';
import { Role, roles } from '../domain/ticket';

const usage = `usage: npm run token -- --role <${Object.keys(roles).join('|')}> [--unit <unit code>] [--sub <id>] [--name <name>] [--ttl <12h>]`;

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const role = values.role as Role | undefined;
  if (!role || !(role in roles)) throw new Error(`--role is required, one of ${Object.keys(roles).join(', ')}\n${usage}`);
  if (unitRoles.includes(role) && !values.unit)
    throw new Error(`--unit is required for ${role} (a unit code of the catalog, e.g. LJ-WATER)\n${usage}`);
  const env = loadEnv();
  const { secret } = resolveJwtSecret(env);
  const sub = values.sub ?? `${role}-${values.unit ?? 'hotline'}`.toLowerCase();
  const token = await signToken(
    secret,
    { sub, role, ...(values.name ? { name: values.name } : { name: roles[role] }), ...(values.unit ? { unit: values.unit } : {}) },
    values.ttl,
    { issuer: env.HOTLINE_JWT_ISSUER, audience: env.HOTLINE_JWT_AUDIENCE },
  );
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
