// Owner of the stations and enrollment_codes tables: the county's register of stations, their one-time
// enrollment codes and their secrets (used to verify signatures, never handed out again).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';
import { CODE_ALPHABET, ENROLLMENT_CODE_TTL_MS, formatEnrollmentCode, normalizeEnrollmentCode } from '../../protocol/enrollment.pure.ts';
import type { Grade } from '../../protocol/site-grades.pure.ts';
import { HubError } from '../hub-error.ts';

export interface HubStation {
  id: string;
  name: string;
  grade: Grade;
  createdAt: number;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  retiredAt: number | null;
}

/** A station that may report, and what its downlink needs to know now (StationStore.reporterOf). */
export interface Reporter {
  secret: string;
  unitId: string | null;
  grade: string;
  downlinkEpoch: string;
  withdrawnCodes: number;
  /** Its remote-help commands open and unexpired at the time asked (nearly always none). */
  openHelp: number;
}

interface StationRow {
  id: string;
  name: string;
  grade: string;
  created_at: number;
  enrolled_at: number | null;
  last_seen_at: number | null;
  retired_at: number | null;
}

/** The columns a station is read with: never its secret. */
const STATION_COLUMNS = ['id', 'name', 'grade', 'created_at', 'enrolled_at', 'last_seen_at', 'retired_at'] as const;

function toStation(r: StationRow): HubStation {
  return { id: r.id, name: r.name, grade: r.grade as Grade, createdAt: r.created_at, enrolledAt: r.enrolled_at, lastSeenAt: r.last_seen_at, retiredAt: r.retired_at };
}

export interface IssuedCode {
  stationId: string;
  /** As printed for people: 'ABCD-EFGH-JKMN'. Shown once; the hub keeps only its hash. */
  code: string;
  expiresAt: number;
}

const CODE_LENGTH = 12;
const ID_ALPHABET = 'abcdefghjkmnpqrstvwxyz23456789';

function randomText(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function hashCode(code: string): string {
  return createHash('sha256').update(normalizeEnrollmentCode(code)).digest('hex');
}

export class StationStore {
  constructor(private readonly db: HubKysely) {}

  /** The stations (by name), current ones unless asked; `only`: those a filter names (station-filter.ts). */
  async list(options: { includeRetired?: boolean; only?: StationFilter } = {}): Promise<HubStation[]> {
    let query = this.db.selectFrom('stations').select(STATION_COLUMNS);
    if (!options.includeRetired) query = query.where('retired_at', 'is', null);
    const only = stationCondition(this.db, options.only ?? null, 'id');
    if (only !== null) query = query.where(only);
    return (await query.orderBy('name').orderBy('id').execute()).map(toStation);
  }

  /** How many current (not retired) stations the hub has. */
  async count(): Promise<number> {
    const row = await this.db.selectFrom('stations').select((eb) => eb.fn.countAll<number>().as('n')).where('retired_at', 'is', null).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(id: string, db: HubKysely = this.db): Promise<HubStation | undefined> {
    const row = await db.selectFrom('stations').select(STATION_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toStation(row);
  }

  /** The key to verify a station's signatures with; null for an unknown, unenrolled or retired station. */
  async secretOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('stations').select('secret').where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return row?.secret ?? null;
  }

  /**
   * What a reporting station's request needs, in one read (ingest's first step, and a station's wait): its key, its
   * unit (null: the hub's top) and grade, the hub's downlink epoch (whether what this process keeps of its unit's
   * downlink still holds: downlink-epoch.ts), and how many of its PIN reset codes are withdrawn and of its
   * remote-help commands are open, unexpired at `at` (nearly always none, and then they need not be read).
   */
  async reporterOf(id: string, at: number): Promise<Reporter | null> {
    const row = await this.db
      .selectFrom('stations as s')
      .select([
        's.secret',
        's.unit_id',
        's.grade',
        (eb) => eb.selectFrom('downlink_epoch').select('token').where('id', '=', 1).as('epoch'),
        (eb) =>
          eb
            .selectFrom('pin_reset_codes as p')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('p.station_id', '=', 's.id')
            .where('p.withdrawn_at', 'is not', null)
            .where('p.expires_at', '>', at)
            .as('withdrawn'),
        (eb) =>
          eb
            .selectFrom('remote_help_commands as h')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('h.station_id', '=', 's.id')
            .where('h.state', 'in', ['requested', 'delivered'])
            .where('h.expires_at', '>', at)
            .as('open_help'),
      ])
      .where('s.id', '=', id)
      .where('s.retired_at', 'is', null)
      .executeTakeFirst();
    if (row === undefined || row.secret === null) return null;
    return { secret: row.secret, unitId: row.unit_id, grade: row.grade, downlinkEpoch: row.epoch ?? '', withdrawnCodes: Number(row.withdrawn ?? 0), openHelp: Number(row.open_help ?? 0) };
  }

  async create(input: { name: string; grade: Grade }, at: number): Promise<HubStation> {
    const name = input.name.trim();
    if (name === '') throw new HubError(400, 'invalid_name', {});
    for (;;) {
      const id = `st-${randomText(ID_ALPHABET, 8)}`;
      const done = await this.db
        .insertInto('stations')
        .values({ id, name, grade: input.grade, created_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(done.numInsertedOrUpdatedRows ?? 0) === 1) return (await this.get(id))!;
    }
  }

  async update(id: string, patch: { name?: string; grade?: Grade; retired?: boolean }, at: number): Promise<HubStation> {
    const current = await this.get(id);
    if (!current) throw notFound(id);
    const name = patch.name?.trim() ?? current.name;
    if (name === '') throw new HubError(400, 'invalid_name', {});
    const retiredAt = patch.retired === undefined ? current.retiredAt : patch.retired ? (current.retiredAt ?? at) : null;
    await this.db.updateTable('stations').set({ name, grade: patch.grade ?? current.grade, retired_at: retiredAt }).where('id', '=', id).execute();
    return (await this.get(id))!;
  }

  /** A new one-time code for a station; any earlier unused code of it stops working. */
  async issueCode(stationId: string, at: number, createdBy: string | null, ttlMs: number = ENROLLMENT_CODE_TTL_MS): Promise<IssuedCode> {
    const station = await this.get(stationId);
    if (!station || station.retiredAt !== null) throw notFound(stationId);
    const code = randomText(CODE_ALPHABET, CODE_LENGTH);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('enrollment_codes').set({ expires_at: at }).where('station_id', '=', stationId).where('used_at', 'is', null).where('expires_at', '>', at).execute();
      await trx.insertInto('enrollment_codes').values({ code_hash: hashCode(code), station_id: stationId, created_by: createdBy, created_at: at, expires_at: at + ttlMs }).execute();
    });
    return { stationId, code: formatEnrollmentCode(code), expiresAt: at + ttlMs };
  }

  /**
   * Exchanges a code for the station and a new secret, once. A second code for an enrolled station rotates
   * its secret (a replaced terminal, a leaked key): the old secret stops working at once. The code is taken by
   * one conditional update, so two hub processes given the same code at once hand out one secret.
   */
  async redeemCode(code: string, at: number): Promise<{ station: HubStation; secret: string }> {
    const codeHash = hashCode(code);
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable('enrollment_codes')
        .set({ used_at: at })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .where('station_id', 'in', (eb) => eb.selectFrom('stations').select('id').where('retired_at', 'is', null))
        .returning('station_id')
        .executeTakeFirst();
      if (taken === undefined) throw await whyCodeRefused(trx, codeHash, at);
      const secret = randomBytes(32).toString('base64url');
      await trx
        .updateTable('stations')
        .set({ secret, enrolled_at: sql<number>`coalesce(enrolled_at, ${at})` })
        .where('id', '=', taken.station_id)
        .execute();
      return { station: (await this.get(taken.station_id, trx))!, secret };
    });
  }

  /** The hub heard from the station (an authenticated report). */
  async touch(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('stations')
      .set({ last_seen_at: sql<number>`CASE WHEN coalesce(last_seen_at, 0) > ${at} THEN last_seen_at ELSE ${at} END` })
      .where('id', '=', id)
      .execute();
  }
}

/** Why a code was not taken: unknown (or its station retired), used, or expired. */
async function whyCodeRefused(db: HubKysely, codeHash: string, at: number): Promise<HubError> {
  const row = await db
    .selectFrom('enrollment_codes')
    .innerJoin('stations', 'stations.id', 'enrollment_codes.station_id')
    .select(['enrollment_codes.used_at', 'enrollment_codes.expires_at', 'stations.retired_at'])
    .where('enrollment_codes.code_hash', '=', codeHash)
    .executeTakeFirst();
  const current = row !== undefined && row.retired_at === null;
  if (current && row.used_at !== null) {
    return new HubError(403, 'enrollment_code_invalid', { reason: 'used' });
  }
  if (current && row.expires_at <= at) return new HubError(403, 'enrollment_code_invalid', { reason: 'expired' });
  // Unknown, or its station retired: the same answer.
  return new HubError(403, 'enrollment_code_invalid', { reason: 'unknown' });
}

function notFound(id: string): HubError {
  return new HubError(404, 'station_not_found', { stationId: id });
}
