// The station's diagnostic bundle (诊断包) for remote help: versions, health, settings without secrets, the
// uplink's state and the last lines of the station log, redacted (redaction.pure.ts) — gzip-compressed JSON
// (Node's zlib) within MAX_DIAGNOSTICS_GZIP_BYTES, dropping the oldest log lines until it fits.
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Db } from '../store/database.ts';
import { appVersion } from '../../common/app-paths.ts';
import { readSetting, readStationSettings } from '../settings/settings-store.ts';
import { HUB_SKEW_SETTING, readHubTransport } from '../uplink/uplink-settings.ts';
import { MAX_DIAGNOSTICS_GZIP_BYTES } from '../../protocol/remote-help.pure.ts';
import { redactor, type Personal } from './redaction.pure.ts';

/** How many station-log lines a bundle starts from. */
export const DIAGNOSTIC_LOG_LINES = 500;

export interface DiagnosticBundle {
  gzip: Buffer;
  bytes: number;
  logLines: number;
}

function personalValues(db: Db): Personal {
  const strings = (sql: string) => (db.prepare(sql).pluck().all() as unknown[]).filter((v): v is string => typeof v === 'string');
  return {
    names: [
      ...strings('SELECT name FROM members'),
      ...strings('SELECT DISTINCT guest_name FROM attendance WHERE guest_name IS NOT NULL'),
      ...strings('SELECT DISTINCT guest_name FROM activity_attendance WHERE guest_name IS NOT NULL'),
    ],
    numbers: [...strings('SELECT phone FROM members WHERE phone IS NOT NULL'), ...strings('SELECT card_uid FROM members WHERE card_uid IS NOT NULL')],
  };
}

export function diagnosticBundle(db: Db, at: number, limitBytes = MAX_DIAGNOSTICS_GZIP_BYTES): DiagnosticBundle {
  const redact = redactor(personalValues(db));
  const settings = readStationSettings(db);
  const transport = readHubTransport(db);
  const count = (sql: string) => Number(db.prepare(sql).pluck().get() ?? 0);
  const health = db.prepare('SELECT * FROM health_samples ORDER BY at DESC LIMIT 1').get() ?? null;
  // Messages only: a line's detail holds member ids and other records' fields, none of it needed to help.
  const log = (db.prepare('SELECT at, type, actor, message FROM station_log ORDER BY id DESC LIMIT ?').all(DIAGNOSTIC_LOG_LINES) as { at: number; type: string; actor: string; message: string }[])
    .reverse()
    .map((l) => ({ at: new Date(l.at).toISOString(), type: l.type, actor: redact(l.actor), message: redact(l.message) }));
  const base = {
    generatedAt: new Date(at).toISOString(),
    versions: { yuanjiao: appVersion(), node: process.version, os: `${os.type()} ${os.release()}`, arch: process.arch, schema: db.pragma('user_version', { simple: true }) },
    machine: { uptimeS: Math.round(os.uptime()), loadavg: os.loadavg(), freeMemMB: Math.round(os.freemem() / 2 ** 20), totalMemMB: Math.round(os.totalmem() / 2 ** 20) },
    // Station settings hold no secret (the hub's key is its own setting, never read here).
    settings: { ...settings, hubSkewMs: readSetting<number>(db, HUB_SKEW_SETTING) ?? null, hubCa: transport.ca !== null, insecureHttp: transport.insecureHttp },
    health,
    outbox: { pending: count('SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL'), total: count('SELECT COUNT(*) FROM outbox') },
    counts: { members: count('SELECT COUNT(*) FROM members'), courses: count('SELECT COUNT(*) FROM courses'), programs: count('SELECT COUNT(*) FROM programs'), sessions: count('SELECT COUNT(*) FROM sessions') },
  };
  for (let lines = log.length; ; lines = Math.floor(lines / 2)) {
    const json = JSON.stringify({ ...base, log: log.slice(log.length - lines), logLinesLeftOut: log.length - lines });
    const gzip = gzipSync(json, { level: 9 });
    if (gzip.length <= limitBytes || lines === 0) return { gzip, bytes: Buffer.byteLength(json), logLines: lines };
  }
}
