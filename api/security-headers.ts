// Headers every answer carries (the ones helmet would set, by hand: four lines need no dependency).
// The HTML pages (/docs, the rating page) use inline CSS, no script and no external asset, so one
// strict policy serves every page; JSON answers get it too (a browser that renders one anyway may
// run nothing). Answers under /api and the rating page carry personal data (a citizen's phone, the
// description, the rating link's ticket): no cache, shared or private, may keep them.
import type { RequestHandler } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (!isPublicPath(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Pages without personal data, which a cache may keep: the console's hashed assets set their own (immutable). */
const isPublicPath = (p: string) => p === '/openapi.json' || p === '/docs' || p === '/healthz' || p.startsWith('/console/assets/');
