// Owner of staff_users, staff_sessions and staff_audit: county staff who log in to the dashboard, their
// sessions (only a hash of each token is kept) and what they changed.
import type { HubDb } from './database.ts';

export const STAFF_ROLES = ['county_admin', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, { zh: string; en: string }> = {
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  viewer: { zh: '查看人员', en: 'Viewer' },
};

export interface StaffUser {
  id: number;
  username: string;
  role: StaffRole;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  /** The password was set by someone else (an administrator): the user must replace it before anything else. */
  mustChangePassword: boolean;
}

export interface StaffCredentials extends StaffUser {
  passwordHash: string;
}

interface UserRow {
  id: number;
  username: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  must_change_password: 0 | 1;
}

function toCredentials(r: UserRow): StaffCredentials {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    disabledAt: r.disabled_at,
    mustChangePassword: r.must_change_password === 1,
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
  };
}

export class StaffStore {
  constructor(private readonly db: HubDb) {}

  list(): StaffUser[] {
    return (this.db.prepare('SELECT * FROM staff_users ORDER BY username').all() as UserRow[]).map((r) => publicUser(toCredentials(r)));
  }

  get(id: number): StaffCredentials | undefined {
    const row = this.db.prepare('SELECT * FROM staff_users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toCredentials(row);
  }

  findByName(username: string): StaffCredentials | undefined {
    const row = this.db.prepare('SELECT * FROM staff_users WHERE username = ?').get(username.trim()) as UserRow | undefined;
    return row && toCredentials(row);
  }

  countAdmins(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM staff_users WHERE role = 'county_admin' AND disabled_at IS NULL`).get() as { n: number }).n;
  }

  add(input: { username: string; role: StaffRole; passwordHash: string; mustChangePassword: boolean }, at: number): StaffUser {
    const id = Number(
      this.db
        .prepare('INSERT INTO staff_users (username, role, password_hash, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.username.trim(), input.role, input.passwordHash, input.mustChangePassword ? 1 : 0, at, at).lastInsertRowid,
    );
    return publicUser(this.get(id)!);
  }

  update(id: number, patch: { role?: StaffRole; passwordHash?: string; mustChangePassword?: boolean; disabled?: boolean }, at: number): StaffUser {
    const current = this.get(id)!;
    const disabledAt = patch.disabled === undefined ? current.disabledAt : patch.disabled ? (current.disabledAt ?? at) : null;
    const mustChange = patch.mustChangePassword ?? current.mustChangePassword;
    this.db
      .prepare('UPDATE staff_users SET role = ?, password_hash = ?, must_change_password = ?, disabled_at = ?, updated_at = ? WHERE id = ?')
      .run(patch.role ?? current.role, patch.passwordHash ?? current.passwordHash, mustChange ? 1 : 0, disabledAt, at, id);
    return publicUser(this.get(id)!);
  }

  /** Flags a user whose own password breaks the current rules: it must be replaced before anything else. */
  requirePasswordChange(id: number, at: number): void {
    this.db.prepare('UPDATE staff_users SET must_change_password = 1, updated_at = ? WHERE id = ?').run(at, id);
  }

  createSession(tokenHash: string, userId: number, at: number, expiresAt: number): void {
    this.db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?').run(at);
    this.db.prepare('INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash, userId, at, expiresAt);
  }

  /** The user of a live session, or undefined for an unknown, expired or disabled one. */
  sessionUser(tokenHash: string, at: number): StaffUser | undefined {
    const row = this.db
      .prepare(
        `SELECT u.* FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
      )
      .get(tokenHash, at) as UserRow | undefined;
    return row && publicUser(toCredentials(row));
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteSessionsOf(userId: number): void {
    this.db.prepare('DELETE FROM staff_sessions WHERE user_id = ?').run(userId);
  }

  audit(actor: string, action: string, detail: unknown, at: number): void {
    this.db.prepare('INSERT INTO staff_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(at, actor, action, detail === undefined ? null : JSON.stringify(detail));
  }

  auditLog(limit: number): { id: number; at: number; actor: string; action: string; detail: unknown }[] {
    const rows = this.db.prepare('SELECT * FROM staff_audit ORDER BY id DESC LIMIT ?').all(limit) as { id: number; at: number; actor: string; action: string; detail: string | null }[];
    return rows.map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }));
  }
}
