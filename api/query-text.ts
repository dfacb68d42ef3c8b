// A query string is read by ledger queries on many routes (filters, searches): a NUL or a UTF-16
// half in one reaches PostgreSQL, which refuses it, and the caller met a 503. No filter ever needs
// them, so every route refuses them here, at once, with a 400 naming the parameter.
import type { RequestHandler } from 'express';
import { hasUnstorable } from '../ledger/redact';
import { validationError } from './errors';

/** The first query parameter (name or value, however nested) PostgreSQL could not take, if any. */
export function unstorableQueryParameter(query: unknown, prefix = ''): string | undefined {
  if (typeof query === 'string') return hasUnstorable(query) ? prefix : undefined;
  if (query === null || typeof query !== 'object') return undefined;
  for (const [key, value] of Object.entries(query)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (hasUnstorable(key)) return name;
    const found = unstorableQueryParameter(value, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const refuseUnstorableQuery: RequestHandler = (req, _res, next) => {
  const name = unstorableQueryParameter(req.query);
  if (name !== undefined) throw validationError('查询参数', [{ path: name, message: '含有空字符（NUL）或残缺字符，无法处理' }]);
  next();
};
