// The development login's request and answers (api/routes/dev-login.ts).
import { z } from 'zod';
import { Role, roles } from '../domain/ticket';

/** Every role a person can hold (the engine's own `system` actor is not one). */
export const loginRoles = (Object.keys(roles) as Role[]).filter((r) => r !== 'system') as [Role, ...Role[]];

export const devTokenRequestSchema = z.object({
  role: z.enum(loginRoles).meta({ title: '角色' }),
  unit: z.string().trim().min(1).max(64).optional().meta({ title: '单位', description: '承办人、单位负责人必填：目录中的单位代码' }),
  name: z.string().trim().min(1).max(50).optional().meta({ title: '姓名' }),
});

export const devTokenSchema = z.object({
  token: z.string().meta({ description: 'bearer token (HS256, the development secret)' }),
  expiresAt: z.string().meta({ format: 'date-time' }),
});

export const loginOptionsSchema = z.object({
  dev: z
    .object({
      roles: z.array(z.object({ code: z.enum(loginRoles), name: z.string(), needsUnit: z.boolean() })),
      units: z.array(z.object({ code: z.string(), name: z.string() })),
    })
    .optional()
    .meta({ description: 'present only in development mode: no HOTLINE_JWT_SECRET and no HOTLINE_JWKS_URL' }),
  oidc: z.object({ issuer: z.string(), clientId: z.string(), scopes: z.string() }).optional().meta({
    description:
      'single sign-on (HOTLINE_OIDC_ISSUER, HOTLINE_OIDC_CLIENT_ID, HOTLINE_OIDC_SCOPES): the console runs the authorization code flow with PKCE as a public client, redirect URI <origin>/console/, and sends the ID token (claims sub, name, role, unit) as its bearer token; the API verifies it with HOTLINE_JWKS_URL',
  }),
});
