// What a download's response headers say: the file's name (Content-Disposition, else the URL), the part of
// the file an answer holds (Content-Range), and the server's sha256 (Repr-Digest / Digest).
import type http from 'node:http';
import path from 'node:path';
import { isPartialName } from './library-files.ts';

/** The file name to record: Content-Disposition's, else the URL's last segment. Never a partial name. */
export function fileNameFor(url: URL, contentDisposition: string | undefined): string {
  let name: string | null = null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition ?? '');
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(contentDisposition ?? '');
  try {
    if (star) name = decodeURIComponent(star[1]!.trim());
    else if (plain) name = plain[1]!.trim();
    else name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    name = url.pathname.split('/').filter(Boolean).pop() ?? null;
  }
  name = path.basename((name ?? '').replace(/\\/g, '/')).trim();
  while (isPartialName(name)) name = name.replace(/\.[^.]*$/, '');
  return name === '' || name === '.' ? 'download' : name;
}

/** A sha256 from Repr-Digest (sha-256=:base64:) or Digest (SHA-256=base64), as hex; null when absent. */
export function digestSha256(headers: http.IncomingHttpHeaders): string | null {
  const repr = /sha-256=:([A-Za-z0-9+/=]+):/i.exec(String(headers['repr-digest'] ?? ''));
  const legacy = /sha-256=([A-Za-z0-9+/=]+)/i.exec(String(headers['digest'] ?? ''));
  const b64 = repr?.[1] ?? legacy?.[1];
  if (!b64) return null;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}

/** bytes START-END/TOTAL (206), or bytes * /TOTAL (416: the range asked for is past the end). */
export function parseContentRange(value: string | undefined): { start: number; end: number; total: number | null } | { unsatisfied: number } | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec((value ?? '').trim());
  if (m) return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
  const u = /^bytes\s+\*\/(\d+)$/i.exec((value ?? '').trim());
  return u ? { unsatisfied: Number(u[1]) } : null;
}
