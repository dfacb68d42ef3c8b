// `Content-Disposition: attachment` for a file name built from request values (a unit code, a
// month): a plain-ASCII fallback with every other character replaced, so nothing can close the
// quoted string or add a parameter, and the exact name in RFC 5987 / 6266 `filename*` encoding.

/** The header value for downloading `filename`. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`;
}

// encodeURIComponent leaves ' ( ) * ! unescaped, which RFC 5987's attr-char does not allow.
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
