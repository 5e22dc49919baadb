// The Learning Record Store a station may send its attendance statements to: its settings (kept under the
// settings key 'xapi') and the POST, in batches, through @xapi/xapi with Node's own fetch underneath.
//
// Decisions: the password is kept in the station database like the hub key (the agent's data directory is
// readable by the agent's user only) and never printed or logged. Batches go in order and stop at the first
// refusal: the statement ids are deterministic, so sending everything again later is harmless — the LRS
// keeps one copy of each id.
import xapiModule from '@xapi/xapi';
import type { Statement } from '@xapi/xapi';
import type { Db } from '../../store/database.ts';
import { readSetting, writeSetting } from '../../settings/settings-store.ts';
import { ExportError } from '../export-kinds.pure.ts';

export const LRS_SETTING_KEY = 'xapi';
export const XAPI_VERSION = '1.0.3';
export const DEFAULT_BATCH_SIZE = 50;

export interface LrsSettings {
  /** The LRS's xAPI base, e.g. https://lrs.example.cn/data/xAPI/ (statements are POSTed to <endpoint>/statements). */
  endpoint: string;
  username: string;
  password: string;
}

export function checkLrsSettings(input: Partial<LrsSettings>): LrsSettings {
  let url: URL;
  try {
    url = new URL(input.endpoint ?? '');
  } catch {
    throw ExportError.of('invalid_lrs', { problem: 'url', endpoint: input.endpoint ?? '' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw ExportError.of('invalid_lrs', { problem: 'scheme', endpoint: input.endpoint ?? '' });
  }
  if (url.username || url.password) throw ExportError.of('invalid_lrs', { problem: 'credentials_in_url' });
  if (!input.username) throw ExportError.of('invalid_lrs', { problem: 'no_user' });
  if (!input.password) throw ExportError.of('invalid_lrs', { problem: 'no_password' });
  return { endpoint: url.toString(), username: input.username, password: input.password };
}

export function readLrsSettings(db: Db): LrsSettings | null {
  return readSetting<LrsSettings>(db, LRS_SETTING_KEY) ?? null;
}

export function writeLrsSettings(db: Db, settings: LrsSettings, at: number): void {
  writeSetting(db, LRS_SETTING_KEY, checkLrsSettings(settings), at);
}

export interface LrsBatchResult {
  batch: number;
  count: number;
  /** HTTP status of the LRS's answer; 0 when it could not be reached. */
  status: number;
  ok: boolean;
  /** The statement ids the LRS says it stored (200), empty otherwise. */
  ids: string[];
  /** The LRS's answer body (first 500 characters) or the network error. */
  answer: string;
}

export interface LrsReport {
  endpoint: string;
  total: number;
  sent: number;
  ok: boolean;
  batches: LrsBatchResult[];
}

class LrsAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

// The package is CommonJS: Node hands ESM its module.exports, the class, whose static `default` is itself.
const XAPI = xapiModule.default;
/**
 * RFC 7617 Basic credentials in UTF-8. (@xapi/xapi's toBasicAuth goes through btoa, which throws on any
 * character beyond Latin-1 — a Chinese password would never reach the LRS.)
 */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

type Adapter = NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>;

/** @xapi/xapi's own fetch adapter drops the status of a refusal; this one keeps it and the body. */
function fetchKeepingStatus(timeoutMs: number): Adapter {
  return (async ({ url, method, headers, data }: { url: string; method: string; headers?: Record<string, string>; data?: unknown }) => {
    const body = data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data);
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new LrsAnswer(res.status, text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // An LRS may answer 204 with no body: keep the text.
    }
    return { data: parsed, headers: Object.fromEntries(res.headers.entries()), status: res.status };
  }) as Adapter;
}

export async function postStatements(
  settings: LrsSettings,
  statements: readonly Statement[],
  options: { batchSize?: number; timeoutMs?: number } = {},
): Promise<LrsReport> {
  const size = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const xapi = new XAPI({
    endpoint: settings.endpoint,
    auth: basicAuth(settings.username, settings.password),
    version: XAPI_VERSION,
    adapter: fetchKeepingStatus(options.timeoutMs ?? 30_000),
  });
  const report: LrsReport = { endpoint: settings.endpoint, total: statements.length, sent: 0, ok: true, batches: [] };
  for (let i = 0, batch = 1; i < statements.length; i += size, batch++) {
    const chunk = statements.slice(i, i + size);
    try {
      const res = await xapi.sendStatements({ statements: chunk as Statement[] });
      const ids = Array.isArray(res.data) ? res.data.map(String) : [];
      report.batches.push({ batch, count: chunk.length, status: res.status, ok: true, ids, answer: (typeof res.data === 'string' ? res.data : JSON.stringify(res.data)).slice(0, 500) });
      report.sent += chunk.length;
    } catch (err) {
      const status = err instanceof LrsAnswer ? err.status : 0;
      const answer = err instanceof LrsAnswer ? err.body : (err as Error).message;
      report.batches.push({ batch, count: chunk.length, status, ok: false, ids: [], answer: answer.slice(0, 500) });
      report.ok = false;
      break;
    }
  }
  return report;
}

/** One line per batch, Chinese first, for the CLI and the station log. */
export function describeLrsReport(report: LrsReport): string[] {
  const lines = report.batches.map((b) =>
    b.ok
      ? `第 ${b.batch} 批 ${b.count} 条：已接收（HTTP ${b.status}）/ batch ${b.batch}: ${b.count} accepted`
      : `第 ${b.batch} 批 ${b.count} 条：被拒绝（${b.status === 0 ? '无法连接' : `HTTP ${b.status}`}）${b.answer} / batch ${b.batch}: refused`,
  );
  lines.push(
    report.ok
      ? `已发送 ${report.sent} 条到 ${report.endpoint} / sent ${report.sent} statements`
      : `只发送了 ${report.sent} / ${report.total} 条；记录编号固定，修正后可整批重发 / sent ${report.sent} of ${report.total}; ids are fixed, so resending all is safe`,
  );
  return lines;
}
