// Answering a GeoReport v2 route: the format from the path's extension, the document in it.
import type { Request, Response } from 'express';
import { Open311Error } from './errors';
import { contentType, Format, parseFormat, render, Value } from './format';

/** `.json` or `.xml`: any other extension is a resource we do not have. */
export function formatParam(req: Request): Format {
  const f = parseFormat(req.params.format);
  if (!f) throw new Open311Error(404, `不支持的格式 ${String(req.params.format).slice(0, 16)}（仅 json、xml）`);
  return f;
}

export function send(res: Response, format: Format, root: string, value: Value, status = 200): void {
  res
    .status(status)
    .type(contentType(format))
    .send(render(format, root, value));
}
