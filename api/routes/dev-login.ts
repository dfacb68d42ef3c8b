// How the console signs in (GET /auth/options): single sign-on by OpenID Connect when configured;
// and the development login: with neither HOTLINE_JWT_SECRET nor HOTLINE_JWKS_URL set (the
// embedded stack's own dev secret), anyone on the machine may already mint tokens (`npm run token`);
// these routes let the console do the same from a picker of role and unit. In any other mode
// POST /auth/dev-token does not exist (404) and the options say so.
import { Router } from 'express';
import { isUnitRole, roles } from '../../domain/ticket';
import { signToken } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, parseOr400, requireJsonBody } from '../errors';
import { devTokenRequestSchema, loginRoles } from '../dev-login-schemas';
import express from 'express';

/** Short-lived: a console tab, not a working day. */
export const DEV_TOKEN_TTL_SECONDS = 2 * 60 * 60;

/** The console's single sign-on: an OpenID Connect provider it signs in with (public client, PKCE). */
export interface OidcLogin {
  issuer: string;
  clientId: string;
  scopes: string;
}

export function devLoginRoutes(ctx: ApiContext, devSecret: string | undefined, oidc?: OidcLogin): Router {
  const r = Router();
  r.get('/auth/options', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const dev = devSecret
      ? {
          roles: loginRoles.map((code) => ({ code, name: roles[code], needsUnit: isUnitRole(code) })),
          units: ctx.catalog().units.map((u) => ({ code: u.code, name: u.name })),
        }
      : undefined;
    res.json({ ...(dev ? { dev } : {}), ...(oidc ? { oidc } : {}) });
  });
  if (!devSecret) return r;
  r.post('/auth/dev-token', express.json({ limit: '4kb' }), requireJsonBody, async (req, res) => {
    const body = parseOr400(devTokenRequestSchema, req.body ?? {}, '请求体');
    if (isUnitRole(body.role) && !body.unit)
      throw new ApiError('validation_failed', `${roles[body.role]}必须选择单位`, [{ path: 'unit', message: '必填' }]);
    if (body.unit && !ctx.catalog().units.some((u) => u.code === body.unit)) {
      throw new ApiError('validation_failed', `单位 ${body.unit} 不在目录中`, [{ path: 'unit', message: '不在目录中' }]);
    }
    const unit = isUnitRole(body.role) ? body.unit : undefined;
    const token = await signToken(
      devSecret,
      { sub: `${body.role}-${unit ?? 'hotline'}`.toLowerCase(), name: body.name ?? roles[body.role], role: body.role, ...(unit ? { unit } : {}) },
      `${DEV_TOKEN_TTL_SECONDS}s`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token, expiresAt: new Date(Date.now() + DEV_TOKEN_TTL_SECONDS * 1000).toISOString() });
  });
  return r;
}
