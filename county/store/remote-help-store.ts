// Owner of remote_help_commands (hub migration 0023): the remote-help commands staff sent stations and what
// became of each. A command is signed under its station's secret when it is made (protocol/remote-help.pure.ts),
// rides every downlink the station fetches until its result comes back or it expires, and takes the station's
// first result only: a later one (a `replayed` refusal of a command already done) is kept as an event and changes
// nothing here. SQLite and PostgreSQL alike.
import { randomUUID } from 'node:crypto';
import type { HubKysely } from './hub-database.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';
import { REMOTE_HELP_TTL_MS, signCommand, type RemoteHelpCommand, type RemoteHelpKind, type RemoteHelpResultBody } from '../../protocol/remote-help.pure.ts';
import type { RemoteHelpCommandsTable } from './hub-tables-supervision.ts';

/** A command stays open this long past its expiry for a result on its way (the station may carry it out at the last second). */
export const EXPIRY_GRACE_MS = 5 * 60_000;

export interface HubRemoteHelp {
  id: string;
  stationId: string;
  kind: RemoteHelpKind;
  issuedBy: string;
  issuedAt: number;
  expiresAt: number;
  state: RemoteHelpCommandsTable['state'];
  deliveredAt: number | null;
  finishedAt: number | null;
  code: string | null;
  /** The screenshot's or bundle's size, when the station sent one. */
  resultBytes: number | null;
}

/** In the batch's transaction (report-projections.ts): the station's first result of a command of its own wins. */
export async function projectRemoteHelpResult(db: HubKysely, stationId: string, e: UplinkEvent, receivedAt: number): Promise<void> {
  const b = e.body as unknown as RemoteHelpResultBody;
  const payload = b.screenshot?.jpegBase64 ?? b.diagnostics?.gzipBase64 ?? null;
  await db
    .updateTable('remote_help_commands')
    .set({
      state: b.outcome,
      finished_at: receivedAt,
      code: b.code,
      result_event_id: payload === null ? null : e.id,
      result_bytes: payload === null ? null : decodedBytes(payload),
    })
    .where('id', '=', b.commandId)
    .where('station_id', '=', stationId)
    // The truth beats the hub's guess: a result arriving after the hub judged the command expired still counts.
    .where('state', 'in', ['requested', 'delivered', 'expired'])
    .execute();
}

function decodedBytes(base64: string): number {
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

export class RemoteHelpHubStore {
  constructor(private readonly db: HubKysely) {}

  /** A new command, signed under the station's secret, valid for REMOTE_HELP_TTL_MS. */
  async issue(input: { stationId: string; secret: string; kind: RemoteHelpKind; issuedBy: string; issuedById: number }, at: number): Promise<HubRemoteHelp> {
    const command = signCommand(input.secret, { id: randomUUID(), kind: input.kind, stationId: input.stationId, issuedAt: at, expiresAt: at + REMOTE_HELP_TTL_MS, issuedBy: input.issuedBy });
    await this.db
      .insertInto('remote_help_commands')
      .values({
        id: command.id,
        station_id: command.stationId,
        kind: command.kind,
        issued_by: command.issuedBy,
        issued_by_id: input.issuedById,
        issued_at: command.issuedAt,
        expires_at: command.expiresAt,
        signature: command.signature,
        state: 'requested',
      })
      .execute();
    return (await this.get(command.id))!;
  }

  /** The station's open command of this kind, if any: asking again while one waits gives that one. */
  async open(stationId: string, kind: RemoteHelpKind, now: number): Promise<HubRemoteHelp | undefined> {
    const row = await this.db
      .selectFrom('remote_help_commands')
      .select('id')
      .where('station_id', '=', stationId)
      .where('kind', '=', kind)
      .where('state', 'in', ['requested', 'delivered'])
      .where('expires_at', '>', now)
      .orderBy('issued_at', 'desc')
      .executeTakeFirst();
    return row === undefined ? undefined : this.get(row.id);
  }

  /** The commands a station's downlink carries now: open and not expired, oldest first. */
  async pendingFor(stationId: string, now: number): Promise<RemoteHelpCommand[]> {
    const rows = await this.db
      .selectFrom('remote_help_commands')
      .select(['id', 'kind', 'station_id', 'issued_at', 'expires_at', 'issued_by', 'signature'])
      .where('station_id', '=', stationId)
      .where('state', 'in', ['requested', 'delivered'])
      .where('expires_at', '>', now)
      .orderBy('issued_at')
      .limit(20)
      .execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, stationId: r.station_id, issuedAt: Number(r.issued_at), expiresAt: Number(r.expires_at), issuedBy: r.issued_by, signature: r.signature }));
  }

  /** The station fetched a downlink carrying these commands. */
  async markDelivered(stationId: string, ids: readonly string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('remote_help_commands').set({ state: 'delivered', delivered_at: at }).where('station_id', '=', stationId).where('id', 'in', ids).where('state', '=', 'requested').execute();
  }

  /** Commands with no result past their expiry and its grace become `expired`. */
  async expire(now: number): Promise<void> {
    await this.db
      .updateTable('remote_help_commands')
      .set({ state: 'expired', finished_at: now })
      .where('state', 'in', ['requested', 'delivered'])
      .where('expires_at', '<', now - EXPIRY_GRACE_MS)
      .execute();
  }

  async get(id: string): Promise<HubRemoteHelp | undefined> {
    const row = await this.db.selectFrom('remote_help_commands').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toHub(row);
  }

  /** A station's latest commands, newest first. */
  async forStation(stationId: string, limit = 20): Promise<HubRemoteHelp[]> {
    const rows = await this.db.selectFrom('remote_help_commands').selectAll().where('station_id', '=', stationId).orderBy('issued_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toHub);
  }

  /** The screenshot (JPEG) or bundle (gzip) a command's result carried, from its events row. */
  async payload(stationId: string, id: string): Promise<{ kind: RemoteHelpKind; bytes: Buffer } | undefined> {
    const row = await this.db
      .selectFrom('remote_help_commands as c')
      .innerJoin('events as e', (j) => j.onRef('e.station_id', '=', 'c.station_id').onRef('e.id', '=', 'c.result_event_id'))
      .select(['c.kind', 'e.body'])
      .where('c.station_id', '=', stationId)
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const body = JSON.parse(row.body) as Partial<RemoteHelpResultBody>;
    const base64 = body.screenshot?.jpegBase64 ?? body.diagnostics?.gzipBase64;
    return base64 === undefined ? undefined : { kind: row.kind, bytes: Buffer.from(base64, 'base64') };
  }
}

function toHub(r: RemoteHelpCommandsTable): HubRemoteHelp {
  return {
    id: r.id,
    stationId: r.station_id,
    kind: r.kind,
    issuedBy: r.issued_by,
    issuedAt: Number(r.issued_at),
    expiresAt: Number(r.expires_at),
    state: r.state,
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    code: r.code,
    resultBytes: r.result_bytes === null ? null : Number(r.result_bytes),
  };
}
