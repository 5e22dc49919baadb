// Owner of the admin_accounts table: the station's named people (administrator, operators, study tutors).
// PINs arrive here already hashed; checking them is admin-auth.ts's job.
import type { Db } from '../store/database.ts';
import { ROLE_LABELS, type Role } from './roles.pure.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export interface Account {
  id: number;
  name: string;
  role: Role;
  /** A default or one-time PIN: the next login must choose a new one. */
  mustChange: boolean;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  role: Role;
  pin_hash: string | null;
  must_change: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export type AccountErrorCode = 'account_not_found' | 'duplicate_name' | 'last_administrator' | 'weak_pin';

export class AccountError<C extends AccountErrorCode = AccountErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'AccountError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

/** The account an upgraded station's single PIN becomes, and a new station's first one. */
export const FIRST_ADMINISTRATOR = ROLE_LABELS.administrator.zh;

function toAccount(r: Row): Account {
  return { id: r.id, name: r.name, role: r.role, mustChange: r.must_change === 1, active: r.active === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

export class AccountStore {
  constructor(private readonly db: Db) {}

  /** Every account, administrators first, then in the order they were added. */
  list(): Account[] {
    const rows = this.db
      .prepare(`SELECT * FROM admin_accounts ORDER BY CASE role WHEN 'administrator' THEN 0 WHEN 'operator' THEN 1 ELSE 2 END, id`)
      .all() as Row[];
    return rows.map(toAccount);
  }

  listActive(): Account[] {
    return this.list().filter((a) => a.active);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM admin_accounts').get() as { n: number }).n;
  }

  get(id: number): Account | undefined {
    const row = this.db.prepare('SELECT * FROM admin_accounts WHERE id = ?').get(id) as Row | undefined;
    return row && toAccount(row);
  }

  byName(name: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM admin_accounts WHERE name = ?').get(name.trim()) as Row | undefined;
    return row && toAccount(row);
  }

  /** The hash of the account's PIN; null while it is the default PIN. */
  pinHash(id: number): string | null {
    const row = this.db.prepare('SELECT pin_hash FROM admin_accounts WHERE id = ?').get(id) as { pin_hash: string | null } | undefined;
    if (!row) throw this.notFound(id);
    return row.pin_hash;
  }

  /** The station's first active administrator: whom a login without a chosen account is for. */
  firstAdministrator(): Account | undefined {
    return this.listActive().find((a) => a.role === 'administrator');
  }

  /** The station's first active study tutor: a group viewing's tutor unless someone chose another. */
  firstTutor(): Account | undefined {
    return this.listActive().find((a) => a.role === 'tutor');
  }

  add(input: { name: string; role: Role; pinHash: string | null; mustChange: boolean }, at: number): Account {
    const name = input.name.trim();
    this.refuseDuplicate(name, null);
    const id = Number(
      this.db
        .prepare('INSERT INTO admin_accounts (name, role, pin_hash, must_change, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)')
        .run(name, input.role, input.pinHash, input.mustChange ? 1 : 0, at, at).lastInsertRowid,
    );
    return this.get(id)!;
  }

  /** Renames, changes the role or (de)activates; the station always keeps one active administrator. */
  update(id: number, patch: { name?: string; role?: Role; active?: boolean }, at: number): Account {
    const current = this.get(id);
    if (!current) throw this.notFound(id);
    const next = { ...current, ...patch, name: (patch.name ?? current.name).trim() };
    if (next.name !== current.name) this.refuseDuplicate(next.name, id);
    const stopsAdministering = current.role === 'administrator' && current.active && (next.role !== 'administrator' || !next.active);
    if (stopsAdministering && this.listActive().filter((a) => a.role === 'administrator').length === 1) {
      throw new AccountError('last_administrator', {});
    }
    this.db
      .prepare('UPDATE admin_accounts SET name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.role, next.active ? 1 : 0, at, id);
    return this.get(id)!;
  }

  setPin(id: number, pinHash: string | null, mustChange: boolean, at: number): void {
    const changed = this.db
      .prepare('UPDATE admin_accounts SET pin_hash = ?, must_change = ?, updated_at = ? WHERE id = ?')
      .run(pinHash, mustChange ? 1 : 0, at, id).changes;
    if (changed === 0) throw this.notFound(id);
  }

  private refuseDuplicate(name: string, exceptId: number | null): void {
    const other = this.byName(name);
    if (other && other.id !== exceptId) throw new AccountError('duplicate_name', { name });
  }

  private notFound(id: number): AccountError {
    return new AccountError('account_not_found', { accountId: id });
  }
}
