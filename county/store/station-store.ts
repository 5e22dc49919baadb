// Owner of the stations and enrollment_codes tables: the county's register of stations, their one-time
// enrollment codes and their secrets (used to verify signatures, never handed out again).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { HubDb } from './database.ts';
import { CODE_ALPHABET, ENROLLMENT_CODE_TTL_MS, formatEnrollmentCode, normalizeEnrollmentCode } from '../../protocol/enrollment.pure.ts';
import type { Grade } from '../../protocol/site-grades.pure.ts';
import { HubError } from '../hub-error.ts';
import { stillInWords } from '../../common/coded-error.pure.ts';

export interface HubStation {
  id: string;
  name: string;
  grade: Grade;
  createdAt: number;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  retiredAt: number | null;
}

interface StationRow {
  id: string;
  name: string;
  grade: Grade;
  secret: string | null;
  created_at: number;
  enrolled_at: number | null;
  last_seen_at: number | null;
  retired_at: number | null;
}

function toStation(r: StationRow): HubStation {
  return { id: r.id, name: r.name, grade: r.grade, createdAt: r.created_at, enrolledAt: r.enrolled_at, lastSeenAt: r.last_seen_at, retiredAt: r.retired_at };
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
  constructor(private readonly db: HubDb) {}

  list(options: { includeRetired?: boolean } = {}): HubStation[] {
    const rows = this.db
      .prepare(`SELECT * FROM stations WHERE (? OR retired_at IS NULL) ORDER BY name, id`)
      .all(options.includeRetired ? 1 : 0) as StationRow[];
    return rows.map(toStation);
  }

  get(id: string): HubStation | undefined {
    const row = this.db.prepare('SELECT * FROM stations WHERE id = ?').get(id) as StationRow | undefined;
    return row && toStation(row);
  }

  /** The key to verify a station's signatures with; null for an unknown, unenrolled or retired station. */
  secretOf(id: string): string | null {
    const row = this.db.prepare('SELECT secret FROM stations WHERE id = ? AND retired_at IS NULL').get(id) as { secret: string | null } | undefined;
    return row?.secret ?? null;
  }

  create(input: { name: string; grade: Grade }, at: number): HubStation {
    const name = input.name.trim();
    if (name === '') throw new HubError(400, 'invalid_name', {});
    for (;;) {
      const id = `st-${randomText(ID_ALPHABET, 8)}`;
      const done = this.db
        .prepare(`INSERT INTO stations (id, name, grade, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
        .run(id, name, input.grade, at).changes;
      if (done === 1) return this.get(id)!;
    }
  }

  update(id: string, patch: { name?: string; grade?: Grade; retired?: boolean }, at: number): HubStation {
    const current = this.get(id);
    if (!current) throw notFound(id);
    const name = patch.name?.trim() ?? current.name;
    if (name === '') throw new HubError(400, 'invalid_name', {});
    const retiredAt = patch.retired === undefined ? current.retiredAt : patch.retired ? (current.retiredAt ?? at) : null;
    this.db.prepare('UPDATE stations SET name = ?, grade = ?, retired_at = ? WHERE id = ?').run(name, patch.grade ?? current.grade, retiredAt, id);
    return this.get(id)!;
  }

  /** A new one-time code for a station; any earlier unused code of it stops working. */
  issueCode(stationId: string, at: number, createdBy: string | null, ttlMs: number = ENROLLMENT_CODE_TTL_MS): IssuedCode {
    const station = this.get(stationId);
    if (!station || station.retiredAt !== null) throw notFound(stationId);
    const code = randomText(CODE_ALPHABET, CODE_LENGTH);
    this.db.transaction(() => {
      this.db.prepare('UPDATE enrollment_codes SET expires_at = ? WHERE station_id = ? AND used_at IS NULL AND expires_at > ?').run(at, stationId, at);
      this.db
        .prepare('INSERT INTO enrollment_codes (code_hash, station_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(hashCode(code), stationId, createdBy, at, at + ttlMs);
    })();
    return { stationId, code: formatEnrollmentCode(code), expiresAt: at + ttlMs };
  }

  /**
   * Exchanges a code for the station and a new secret, once. A second code for an enrolled station rotates
   * its secret (a replaced terminal, a leaked key): the old secret stops working at once.
   */
  redeemCode(code: string, at: number): { station: HubStation; secret: string } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM enrollment_codes WHERE code_hash = ?').get(hashCode(code)) as
        | { station_id: string; expires_at: number; used_at: number | null }
        | undefined;
      const station = row ? this.get(row.station_id) : undefined;
      if (!row || !station || station.retiredAt !== null) {
        throw new HubError(403, 'enrollment_code_invalid', stillInWords('加入码无效，请核对后重新输入，或请县远教办重新生成 / the enrollment code is not valid'));
      }
      if (row.used_at !== null) {
        throw new HubError(403, 'enrollment_code_invalid', stillInWords('加入码已经用过；每个加入码只能用一次，请县远教办重新生成 / the code was already used'));
      }
      if (row.expires_at <= at) {
        throw new HubError(403, 'enrollment_code_invalid', stillInWords('加入码已过期，请县远教办重新生成 / the code has expired'));
      }
      const secret = randomBytes(32).toString('base64url');
      this.db.prepare('UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ?').run(at, hashCode(code));
      this.db.prepare('UPDATE stations SET secret = ?, enrolled_at = coalesce(enrolled_at, ?) WHERE id = ?').run(secret, at, station.id);
      return { station: this.get(station.id)!, secret };
    }).immediate();
  }

  /** The hub heard from the station (an authenticated report). */
  touch(id: string, at: number): void {
    this.db.prepare('UPDATE stations SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?').run(at, id);
  }
}

function notFound(id: string): HubError {
  return new HubError(404, 'station_not_found', { stationId: id });
}
