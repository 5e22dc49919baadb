// Owner of remote_help_commands (migration 0015): the county's remote-help commands as this station received
// them, judged once on arrival (protocol/remote-help.pure.ts judgeCommand), and what became of each. Every
// final state commits with its `remote_help_result` outbox event and a station-log line, so a result is never
// lost and never sent twice.
//
// Decisions:
// - An id is recorded once and never carried out again: the replay guard survives restarts. The hub repeats a
//   command in its downlink until it has the result, so an id seen again while it is queued or running is the
//   same request, not a replay, and is passed over; seen again once final, it is refused `replayed` (once).
// - A command whose signature fails, or that names another station, is refused without recording its id: an
//   unauthenticated id must not be able to block the real command that carries it.
import type { Db } from '../store/database.ts';
import { statement } from '../../common/prepared-statements.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { readSetting } from '../settings/settings-store.ts';
import { clockTrust } from '../clock/clock-trust.pure.ts';
import { HUB_SKEW_SETTING, readUplinkConfig } from '../uplink/uplink-settings.ts';
import { judgeCommand, type RemoteHelpCode, type RemoteHelpCommand, type RemoteHelpKind, type RemoteHelpResultBody } from '../../protocol/remote-help.pure.ts';

export const KIND_WORDS: Record<RemoteHelpKind, string> = { screenshot: '截屏', restart_kiosk: '重启屏幕', diagnostics: '收集诊断包' };

export interface QueuedCommand {
  id: string;
  kind: RemoteHelpKind;
  issuedBy: string;
  expiresAt: number;
}

type Outcome = Pick<RemoteHelpResultBody, 'outcome' | 'code' | 'params'> & Pick<RemoteHelpResultBody, 'screenshot' | 'diagnostics'>;

/** The hub's time as this station knows it: its clock corrected by the measured skew; null when nothing vouches for it. */
export function hubNow(db: Db, now: number): number | null {
  const skew = readSetting<number>(db, HUB_SKEW_SETTING);
  if (typeof skew === 'number') return now + skew;
  return clockTrust(now, null).trusted ? now : null;
}

/**
 * Takes the commands of a downlink, inside the transaction that applies it (agent/uplink/downlink.ts): each new
 * one is queued or refused. Returns how many were queued (the service then carries them out).
 */
export function receiveCommands(db: Db, commands: readonly RemoteHelpCommand[], at: number): number {
  const config = readUplinkConfig(db);
  if (!config || commands.length === 0) return 0;
  const hubTime = hubNow(db, at);
  let queued = 0;
  for (const c of commands) {
    const seen = statement(db, 'SELECT state, replay_reported AS replayReported FROM remote_help_commands WHERE id = ?').get(c.id) as
      | { state: string; replayReported: number }
      | undefined;
    const verdict = judgeCommand(c, { secret: config.secret, stationId: config.stationId, hubNow: hubTime, seen: seen !== undefined });
    if (verdict === 'replayed') {
      if (!seen || seen.state === 'queued' || seen.state === 'running' || seen.replayReported === 1) continue;
      statement(db, 'UPDATE remote_help_commands SET replay_reported = 1 WHERE id = ?').run(c.id);
      report(db, c.id, c.kind, at, { outcome: 'refused', code: 'replayed', params: {} });
      continue;
    }
    if (verdict === 'bad_signature' || verdict === 'wrong_station') {
      report(db, c.id, c.kind, at, { outcome: 'refused', code: verdict, params: {} });
      continue;
    }
    statement(
      db,
      `INSERT INTO remote_help_commands (id, kind, issued_by, issued_at, expires_at, received_at, state, code, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, c.kind, c.issuedBy, c.issuedAt, c.expiresAt, at, verdict === null ? 'queued' : 'refused', verdict, verdict === null ? null : at);
    appendStationLog(db, {
      type: 'station',
      actor: 'county',
      at,
      message: verdict === null ? `县级平台远程协助：${KIND_WORDS[c.kind]}（${c.issuedBy}）` : `拒绝县级平台远程协助：${KIND_WORDS[c.kind]}（${verdict}）`,
      detail: { commandId: c.id, kind: c.kind, issuedBy: c.issuedBy, refused: verdict },
    });
    if (verdict === null) queued += 1;
    else report(db, c.id, c.kind, at, { outcome: 'refused', code: verdict, params: {} });
  }
  return queued;
}

/** The oldest queued command, marked running (so a crash from here on never runs it twice); null when none. */
export function takeNext(db: Db): QueuedCommand | null {
  return db.transaction(() => {
    const row = statement(db, "SELECT id, kind, issued_by AS issuedBy, expires_at AS expiresAt FROM remote_help_commands WHERE state = 'queued' ORDER BY received_at, id LIMIT 1").get() as
      | QueuedCommand
      | undefined;
    if (!row) return null;
    statement(db, "UPDATE remote_help_commands SET state = 'running' WHERE id = ?").run(row.id);
    return row;
  })();
}

/** A command's end: its state, its result for the county and a station-log line, in one transaction. */
export function finish(db: Db, command: Pick<QueuedCommand, 'id' | 'kind'>, at: number, outcome: Outcome): void {
  db.transaction(() => {
    const state = outcome.outcome;
    statement(db, 'UPDATE remote_help_commands SET state = ?, code = ?, finished_at = ? WHERE id = ?').run(state, outcome.code, at, command.id);
    const word = state === 'done' ? '完成' : state === 'refused' ? '拒绝' : '失败';
    appendStationLog(db, {
      type: 'station',
      actor: 'system',
      at,
      message: `远程协助${KIND_WORDS[command.kind]}：${word}${outcome.code ? `（${outcome.code}）` : ''}`,
      detail: { commandId: command.id, kind: command.kind, outcome: state, code: outcome.code },
    });
    report(db, command.id, command.kind, at, outcome);
  })();
}

/** At start: commands found running were cut off by a stop or a crash; they fail `interrupted`, never run twice. */
export function interruptRunning(db: Db, at: number): number {
  const rows = statement(db, "SELECT id, kind FROM remote_help_commands WHERE state = 'running'").all() as { id: string; kind: RemoteHelpKind }[];
  for (const row of rows) finish(db, row, at, { outcome: 'failed', code: 'interrupted', params: {} });
  return rows.length;
}

export function commandState(db: Db, id: string): { state: string; code: RemoteHelpCode | null } | undefined {
  return statement(db, 'SELECT state, code FROM remote_help_commands WHERE id = ?').get(id) as { state: string; code: RemoteHelpCode | null } | undefined;
}

function report(db: Db, commandId: string, kind: RemoteHelpKind, at: number, outcome: Outcome): void {
  enqueueOutbox(db, 'remote_help_result', at, { commandId, kind, finishedAt: at, ...outcome });
}
