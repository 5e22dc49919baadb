// Owner of staff_users, staff_sessions and staff_audit: county staff who log in to the dashboard, their
// sessions (only a hash of each token is kept) and what they changed. User names are one without regard to case
// (ASCII, as SQLite's NOCASE and lower() in a C-collated PostgreSQL database agree).
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';

// instructor (党建指导员, migration 0020): sees and acts on only the stations assigned to them (instructor-store.ts).
export const STAFF_ROLES = ['county_admin', 'viewer', 'instructor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, { zh: string; en: string }> = {
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  viewer: { zh: '查看人员', en: 'Viewer' },
  instructor: { zh: '党建指导员', en: 'Party-building instructor' },
};

/** How a role is kept: the role column's CHECK (0001) knows two roles, an instructor is a marked 'viewer' (0020). */
function storedRole(role: StaffRole): { role: string; instructor: number } {
  return role === 'instructor' ? { role: 'viewer', instructor: 1 } : { role, instructor: 0 };
}

export interface StaffUser {
  id: number;
  username: string;
  role: StaffRole;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  /** The password was set by someone else (an administrator): the user must replace it before anything else. */
  mustChangePassword: boolean;
  /** The unit whose subtree the user sees and acts on (migration 0013); null: the whole hub. */
  unitId: string | null;
}

export interface StaffCredentials extends StaffUser {
  passwordHash: string;
}

interface UserRow {
  id: number;
  username: string;
  role: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  must_change_password: number;
  unit_id: string | null;
  instructor: number;
}

const USER_COLUMNS = ['id', 'username', 'role', 'password_hash', 'created_at', 'updated_at', 'disabled_at', 'must_change_password', 'unit_id', 'instructor'] as const;

function toCredentials(r: UserRow): StaffCredentials {
  return {
    id: r.id,
    username: r.username,
    role: r.instructor === 1 ? 'instructor' : (r.role as StaffRole),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    disabledAt: r.disabled_at,
    mustChangePassword: r.must_change_password === 1,
    unitId: r.unit_id,
    passwordHash: r.password_hash,
  };
}

export function publicUser(c: StaffCredentials): StaffUser {
  return {
    id: c.id,
    username: c.username,
    role: c.role,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    disabledAt: c.disabledAt,
    mustChangePassword: c.mustChangePassword,
    unitId: c.unitId,
  };
}

export class StaffStore {
  constructor(private readonly db: HubKysely) {}

  async list(): Promise<StaffUser[]> {
    return (await this.db.selectFrom('staff_users').select(USER_COLUMNS).orderBy('username').execute()).map((r) => publicUser(toCredentials(r)));
  }

  async get(id: number): Promise<StaffCredentials | undefined> {
    const row = await this.db.selectFrom('staff_users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toCredentials(row);
  }

  async findByName(username: string): Promise<StaffCredentials | undefined> {
    const row = await this.db
      .selectFrom('staff_users')
      .select(USER_COLUMNS)
      .where(sql<string>`lower(username)`, '=', sql<string>`lower(${username.trim()})`)
      .executeTakeFirst();
    return row && toCredentials(row);
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'county_admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async add(input: { username: string; role: StaffRole; passwordHash: string; mustChangePassword: boolean; unitId?: string | null }, at: number): Promise<StaffUser> {
    const row = await this.db
      .insertInto('staff_users')
      .values({
        username: input.username.trim(),
        ...storedRole(input.role),
        password_hash: input.passwordHash,
        must_change_password: input.mustChangePassword ? 1 : 0,
        unit_id: input.unitId ?? null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return publicUser((await this.get(row.id))!);
  }

  async update(id: number, patch: { role?: StaffRole; passwordHash?: string; mustChangePassword?: boolean; disabled?: boolean; unitId?: string | null }, at: number): Promise<StaffUser> {
    const current = (await this.get(id))!;
    const disabledAt = patch.disabled === undefined ? current.disabledAt : patch.disabled ? (current.disabledAt ?? at) : null;
    const mustChange = patch.mustChangePassword ?? current.mustChangePassword;
    await this.db
      .updateTable('staff_users')
      .set({ ...storedRole(patch.role ?? current.role), password_hash: patch.passwordHash ?? current.passwordHash, must_change_password: mustChange ? 1 : 0, disabled_at: disabledAt, unit_id: patch.unitId === undefined ? current.unitId : patch.unitId, updated_at: at })
      .where('id', '=', id)
      .execute();
    return publicUser((await this.get(id))!);
  }

  /** Whether a current (not disabled) user belongs to the unit: a unit with staff is not retired under them. */
  async anyInUnit(unitId: string): Promise<boolean> {
    const row = await this.db.selectFrom('staff_users').select('id').where('unit_id', '=', unitId).where('disabled_at', 'is', null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Flags a user whose own password breaks the current rules: it must be replaced before anything else. */
  async requirePasswordChange(id: number, at: number): Promise<void> {
    await this.db.updateTable('staff_users').set({ must_change_password: 1, updated_at: at }).where('id', '=', id).execute();
  }

  async createSession(tokenHash: string, userId: number, at: number, expiresAt: number): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('expires_at', '<=', at).execute();
    await this.db.insertInto('staff_sessions').values({ token_hash: tokenHash, user_id: userId, created_at: at, expires_at: expiresAt }).execute();
  }

  /** The user of a live session, or undefined for an unknown, expired or disabled one. */
  async sessionUser(tokenHash: string, at: number): Promise<StaffUser | undefined> {
    const row = await this.db
      .selectFrom('staff_sessions as s')
      .innerJoin('staff_users as u', 'u.id', 's.user_id')
      .select(USER_COLUMNS.map((c) => `u.${c}` as const))
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', at)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    return row && publicUser(toCredentials(row));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteSessionsOf(userId: number): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('user_id', '=', userId).execute();
  }

  async audit(actor: string, action: string, detail: unknown, at: number): Promise<void> {
    await this.db.insertInto('staff_audit').values({ at, actor, action, detail: detail === undefined ? null : JSON.stringify(detail) }).execute();
  }

  /** The newest entries first; `beforeId` pages further back. */
  async auditLog(limit: number, beforeId?: number): Promise<{ id: number; at: number; actor: string; action: string; detail: unknown }[]> {
    let query = this.db.selectFrom('staff_audit').select(['id', 'at', 'actor', 'action', 'detail']);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown) }));
  }
}
