// One file and a few text fields from a multipart/form-data request (busboy), the file kept in
// memory up to a limit: a file larger than the limit is a 413 as soon as it passes it, and a
// request cut off midway rejects, so nothing of it is ever stored.
import type { Request } from 'express';
import busboy from 'busboy';
import { ApiError } from './errors';

export interface UploadedFile {
  field: string;
  filename?: string;
  bytes: Buffer;
}

export interface Upload {
  fields: Record<string, string>;
  /** The first file (the API takes one per request). */
  file?: UploadedFile;
  files: UploadedFile[];
}

export const tooLarge = (limit: number, what: string) =>
  new ApiError('payload_too_large', `${what}超过上限 ${formatBytes(limit)}`, { limitBytes: limit });

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

// Form overhead beyond the file: boundaries, headers and the short text fields.
const FORM_OVERHEAD = 64 * 1024;

export function readUpload(req: Request, maxFileBytes: number, maxFiles = 1): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new ApiError('unsupported_media_type', `请求体须为 multipart/form-data（收到 ${req.get('content-type') ?? '未知类型'}）`));
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxFiles * maxFileBytes + FORM_OVERHEAD) return Promise.reject(tooLarge(maxFileBytes, '文件'));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: maxFiles, fileSize: maxFileBytes, fields: 20, fieldSize: 8192, parts: 20 + maxFiles } });
    } catch (err) {
      reject(
        new ApiError('validation_failed', `multipart 请求体无效：${(err as Error).message}`, [{ path: 'file', message: 'invalid multipart body' }]),
      );
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    let failed: ApiError | undefined;
    const fail = (err: ApiError) => {
      if (failed) return;
      failed = err;
      req.unpipe(bb);
      req.resume(); // read the rest away so the answer reaches the client
      reject(err);
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(tooLarge(maxFileBytes, '文件')));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        // An empty file input of a form sends a part with no name and no bytes: no file.
        if (!failed && (bytes.length > 0 || info.filename)) files.push({ field, filename: info.filename, bytes });
      });
    });
    bb.on('filesLimit', () =>
      fail(
        new ApiError('validation_failed', `一次最多上传 ${maxFiles} 个文件`, [{ path: 'file', message: `at most ${maxFiles} file(s) per request` }]),
      ),
    );
    bb.on('error', (err: Error) =>
      fail(new ApiError('validation_failed', `multipart 请求体无效：${err.message}`, [{ path: 'file', message: err.message }])),
    );
    bb.on('close', () => {
      if (!failed) resolve({ fields, file: files[0], files });
    });
    // A client gone before the end: the promise rejects, nothing was stored.
    const cut = () => fail(new ApiError('validation_failed', '上传中断', [{ path: 'file', message: 'upload cut off' }]));
    req.on('close', () => {
      if (!req.complete) cut();
    });
    req.on('error', cut);
    req.pipe(bb);
  });
}
