// Sending again what the hub already acknowledged, for a hub rebuilt from an older backup: every outbox event
// dated on or after a day, marked pending, and drained by the uplink as usual (in its old order, before what
// is queued since). The hub stores each event once, so what it still has costs a line in its reply.
//
// What is not sent again, and why:
// - Events set aside when the station first joined a hub (records from before it joined, the demo's): they
//   were retired at the instant of the enrollment, which its station-log line records (detail.dropped).
// - Heartbeats but the last of each run: a heartbeat says "running since spanStart, still at `at`", so the
//   last one of a run carries every earlier one (heartbeat.ts), and a day holds ~300 of them.
// Events the hub refused (set aside with a station-log line) are sent again and refused again: harmless.
// The outbox keeps every event for ever (delivered_at is its only retirement), so a resend reaches back to
// the station's first record.
import type { Db } from '../store/database.ts';
import { inTransaction } from '../store/database.ts';
import { countPendingOutbox, requeueDelivered } from '../outbox/outbox-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { readUplinkConfig } from './uplink-settings.ts';

export class ResendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResendError';
  }
}

export interface ResendResult {
  /** Events marked for sending again, by type. */
  byType: Record<string, number>;
  total: number;
  /** Events still waiting to be sent (the resent ones included). */
  pending: number;
}

/** Marks the delivered events dated at or after `since` (an instant) pending again, in one transaction. */
export function resendSince(db: Db, since: number, options: { now: number; label: string; actor?: string }): ResendResult {
  if (readUplinkConfig(db) === null) throw new ResendError('本站点尚未加入县级管理平台，没有可重发的记录 / this station is not enrolled: there is nothing to send again');
  return inTransaction(db, () => {
    const rows = db
      .prepare(
        `SELECT id, type FROM outbox
          WHERE at >= @since AND delivered_at IS NOT NULL
            -- set aside at an enrollment, not delivered (station_log is only read here)
            AND delivered_at NOT IN (SELECT at FROM station_log WHERE type = 'station' AND json_extract(detail, '$.dropped') IS NOT NULL)
            AND (type <> 'heartbeat' OR seq IN (
                  SELECT max(seq) FROM outbox WHERE type = 'heartbeat' AND at >= @since GROUP BY json_extract(body, '$.spanStart')))
          ORDER BY seq`,
      )
      .all({ since }) as { id: string; type: string }[];
    const total = requeueDelivered(db, rows.map((r) => r.id));
    const byType: Record<string, number> = {};
    for (const r of rows) byType[r.type] = (byType[r.type] ?? 0) + 1;
    if (total > 0) {
      appendStationLog(db, {
        type: 'station',
        actor: options.actor ?? 'cli',
        at: options.now,
        message: `自 ${options.label} 起已上报的 ${total} 条记录标记为重新上报 / ${total} delivered record(s) since ${options.label} queued to be sent again`,
        detail: { resendSince: options.label, total, byType },
      });
    }
    return { byType, total, pending: countPendingOutbox(db) };
  });
}
