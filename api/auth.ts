// Who is calling: `Authorization: Bearer <JWT>` with claims sub, name, role and unit (required for
// handlers and unit leaders), verified with jose: HS256 with a shared secret, or the keys of a
// JWKS URL (single sign-on). The actor recorded on every action comes from here, never the body.
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { Actor, actorFields, fieldIssues, Role, unitRoles, withUnitWhereNeeded } from '../domain/ticket';
import { ApiError } from './errors';

export interface AuthConfig {
  /** HS256 shared secret (HOTLINE_JWT_SECRET or the dev secret). */
  secret?: string;
  /** JWKS URL of an identity provider (HOTLINE_JWKS_URL); asymmetric algorithms only. */
  jwksUrl?: string;
  /** `iss` every token must carry (HOTLINE_JWT_ISSUER); unchecked when unset. */
  issuer?: string;
  /** `aud` every token must carry (HOTLINE_JWT_AUDIENCE); unchecked when unset. */
  audience?: string;
  /** Longest lifetime accepted, `exp` − `iat` (or − now without `iat`), seconds (HOTLINE_JWT_MAX_LIFETIME_HOURS). */
  maxLifetimeSeconds?: number;
  /** Whether a `unit` claim names a unit of the dispatch catalog; unchecked when absent. */
  isUnit?: (code: string) => boolean;
}

/** A stolen token must not work forever: 24 h covers a shift and the 12 h `npm run token` default. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export { unitRoles };

/** The token's claims: the actor (domain/ticket/actor.ts), its id in `sub`. */
export const claimsSchema = withUnitWhereNeeded(
  z.object({ sub: actorFields.id, name: actorFields.name, role: actorFields.role, unit: actorFields.unit }),
);
export type Claims = z.infer<typeof claimsSchema>;

export type TokenVerifier = (token: string) => Promise<Actor>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createVerifier(config: AuthConfig): TokenVerifier {
  if (!config.secret && !config.jwksUrl) throw new Error('auth: neither a JWT secret nor a JWKS URL is configured');
  const key = config.secret ? new TextEncoder().encode(config.secret) : undefined;
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  const checks = {
    requiredClaims: ['exp'],
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
  };
  const maxLifetime = config.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return async (token) => {
    let payload: JWTPayload;
    try {
      const alg = headerAlg(token);
      if (alg === 'HS256' && key) ({ payload } = await jwtVerify(token, key, { ...checks, algorithms: ['HS256'] }));
      else if (jwks) ({ payload } = await jwtVerify(token, jwks, { ...checks, algorithms: ASYMMETRIC }));
      else throw new ApiError('unauthorized', `不接受 ${alg ?? '未知'} 算法签名的令牌`);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('unauthorized', `令牌无效：${describeJoseError(err)}`);
    }
    const lifetime = (payload.exp as number) - (payload.iat ?? Math.floor(Date.now() / 1000));
    if (lifetime > maxLifetime) {
      throw new ApiError('unauthorized', `令牌有效期过长：最长 ${Math.floor(maxLifetime / 3600)} 小时`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      // The claim's name only: a 401 must not tell a stranger which roles exist.
      const why = [...new Set(fieldIssues(claims.error).map((i) => (i.path === '(body)' ? 'claims' : i.path)))].join('、');
      throw new ApiError('unauthorized', `令牌缺少或含有无效的声明：${why}`);
    }
    // The follow-up robot and merges act as `system` inside the worker; no person may.
    if (claims.data.role === 'system') throw new ApiError('unauthorized', '令牌含有无效的声明：role');
    if (claims.data.unit !== undefined && config.isUnit && !config.isUnit(claims.data.unit)) {
      throw new ApiError('unauthorized', '令牌含有无效的声明：unit（不是派单目录中的单位）');
    }
    return toActor(claims.data);
  };
}

export function toActor(c: Claims): Actor {
  return { id: c.sub, ...(c.name ? { name: c.name } : {}), role: c.role, ...(c.unit ? { unit: c.unit } : {}) };
}

function headerAlg(token: string): string | undefined {
  try {
    const head = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof head.alg === 'string' ? head.alg : undefined;
  } catch {
    throw new ApiError('unauthorized', '令牌格式错误（应为 JWT）');
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return '已过期';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return '签名校验失败';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `声明 ${err.claim} 不符合要求`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'JWKS 中没有匹配的密钥';
  if (err instanceof joseErrors.JOSEError) return err.message;
  return (err as Error)?.message ?? String(err);
}

/** Requires a valid bearer token; puts the actor in res.locals.actor. */
export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!m) throw new ApiError('unauthorized', header ? 'Authorization 头格式应为 "Bearer <令牌>"' : '缺少 Authorization: Bearer <令牌>');
    res.locals.actor = await verify(m[1]!);
    next();
  };
}

export const actorOf = (res: Response): Actor => res.locals.actor as Actor;

/** Signs a token the API accepts (scripts/token.ts, tests). */
export async function signToken(
  secret: string,
  claims: { sub: string; name?: string; role: Role; unit?: string },
  expiresIn: string | number = '12h',
  scope: Pick<AuthConfig, 'issuer' | 'audience'> = {},
): Promise<string> {
  const parsed = claimsSchema.parse(claims);
  const { sub, ...rest } = parsed;
  const jwt = new SignJWT(rest).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn);
  if (scope.issuer) jwt.setIssuer(scope.issuer);
  if (scope.audience) jwt.setAudience(scope.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
