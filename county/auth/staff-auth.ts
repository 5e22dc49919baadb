// Staff login for the dashboard: the password check behind growing delays per client (login-throttle.ts;
// never a lock on the account), sessions as random bearer tokens (also set as an HttpOnly cookie by the API)
// of which the hub keeps only a hash, and the role check.
//
// A password someone else chose (an administrator adding a user or resetting a password in the dashboard)
// must be replaced by its user before anything else (staff-guard.ts): the administrator knows it. The one
// typed on the hub's machine with `yuanjiao county user add` is the user's own and is not flagged. A
// password from before the current rules (password-rules.ts) keeps working once, and must then be replaced.
import { createHash, randomBytes } from 'node:crypto';
import type { HubDatabase } from '../store/hub-database.ts';
import { StaffStore, type StaffRole, type StaffUser } from '../store/staff-store.ts';
import { HubError } from '../hub-error.ts';
import { decoyHash, hashPassword, PasswordChecksBusy, verifyPassword } from './password.ts';
import { passwordProblem, weakPassword } from './password-rules.ts';
import type { PasswordRule } from '../../protocol/refusals/hub-refusals.pure.ts';
import { LoginThrottle } from './login-throttle.ts';

/** A working day; staff log in again the next morning. */
export const SESSION_TTL_MS = 12 * 3600_000;

export interface LoginResult {
  token: string;
  user: StaffUser;
  expiresAt: number;
  /** The dashboard sends the user to the password page first; every other staff route answers 403 until then. */
  mustChangePassword: boolean;
  /** Why the password must be replaced when it is the user's own but breaks the current rules. */
  passwordProblem?: PasswordRule;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class StaffAuth {
  private readonly store: StaffStore;
  private readonly throttle: LoginThrottle;

  constructor(database: HubDatabase) {
    this.store = new StaffStore(database.kysely);
    this.throttle = new LoginThrottle(database);
  }

  /**
   * Logs in `username` from `client` (the remote address; the API's, as its trusted proxy reports it). A
   * client that got passwords wrong waits longer for each further try (429); every other client, the
   * account's owner among them, is not held up by it.
   */
  async login(username: string, password: string, at: number, client: string): Promise<LoginResult> {
    // Before anything about the name is looked up: a known and an unknown name meet the same delays.
    const attempt = await this.throttle.begin(client, username, at);
    const user = await this.store.findByName(username);
    const known = user !== undefined && user.disabledAt === null;
    let right: boolean;
    try {
      // The same message and the same work for an unknown name: the login form does not reveal who exists.
      right = await check(password, known ? user.passwordHash : decoyHash());
    } catch (err) {
      await attempt.notChecked();
      throw err;
    }
    if (!known || !right) throw new HubError(401, 'wrong_credentials', { what: 'login' });
    await attempt.succeeded();
    // A password from before the current rules still opens the door, once: its owner replaces it first.
    const problem = passwordProblem(password, user.username) ?? undefined;
    if (problem && !user.mustChangePassword) {
      await this.store.requirePasswordChange(user.id, at);
      await this.store.audit(user.username, 'password_rules_unmet', { id: user.id }, at);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = at + SESSION_TTL_MS;
    await this.store.createSession(tokenHash(token), user.id, at, expiresAt);
    await this.store.audit(user.username, 'login', null, at);
    const sessionUser = (await this.store.sessionUser(tokenHash(token), at))!;
    return { token, user: sessionUser, expiresAt, mustChangePassword: sessionUser.mustChangePassword, ...(problem ? { passwordProblem: problem } : {}) };
  }

  /** The user behind a token, or a 401. */
  async authenticate(token: string | undefined, at: number): Promise<StaffUser> {
    const user = token ? await this.store.sessionUser(tokenHash(token), at) : undefined;
    if (!user) throw new HubError(401, 'not_logged_in', {});
    return user;
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.store.deleteSession(tokenHash(token));
  }

  /**
   * Creates a staff user: the CLI's `county user add` (the user types their own password), or an
   * administrator in the dashboard (`mustChangePassword`: the administrator chose it).
   */
  async addUser(input: { username: string; role: StaffRole; password: string; unitId?: string | null }, at: number, actor: string, options: { mustChangePassword?: boolean } = {}): Promise<StaffUser> {
    const username = input.username.trim();
    if (!/^[\p{L}\p{N}_.@-]{2,40}$/u.test(username)) {
      throw new HubError(400, 'invalid_username', {});
    }
    const problem = passwordProblem(input.password, username);
    if (problem) throw new HubError(400, 'weak_password', weakPassword(problem));
    if (await this.store.findByName(username)) throw new HubError(409, 'user_exists', { username });
    const mustChangePassword = options.mustChangePassword ?? false;
    const unitId = input.unitId ?? null;
    const user = await this.store.add({ username, role: input.role, passwordHash: hashPassword(input.password), mustChangePassword, unitId }, at);
    await this.store.audit(actor, 'user_add', { username, role: input.role, mustChangePassword, ...(unitId === null ? {} : { unitId }) }, at);
    return user;
  }

  async updateUser(id: number, patch: { role?: StaffRole; password?: string; disabled?: boolean; unitId?: string | null }, at: number, actor: StaffUser | null): Promise<StaffUser> {
    const user = await this.store.get(id);
    if (!user) throw new HubError(404, 'user_not_found', { userId: id });
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password, user.username);
      if (problem) throw new HubError(400, 'weak_password', weakPassword(problem));
    }
    const losesAdmin = user.role === 'county_admin' && user.disabledAt === null && ((patch.role !== undefined && patch.role !== 'county_admin') || patch.disabled === true);
    if (losesAdmin && (await this.store.countAdmins()) <= 1) {
      throw new HubError(409, 'last_admin', {});
    }
    const newPassword =
      patch.password === undefined
        ? {}
        : // Chosen for the user by someone else (an administrator, or a script on the hub's machine): theirs to replace.
          { passwordHash: hashPassword(patch.password), mustChangePassword: actor?.id !== id };
    const updated = await this.store.update(id, { role: patch.role, disabled: patch.disabled, unitId: patch.unitId, ...newPassword }, at);
    // A changed password, role or unit, or a disabled account, ends that user's open sessions.
    if (patch.password !== undefined || patch.role !== undefined || patch.disabled === true || patch.unitId !== undefined) await this.store.deleteSessionsOf(id);
    await this.store.audit(
      actor?.username ?? 'cli',
      'user_update',
      { id, username: user.username, role: patch.role, password: patch.password !== undefined, disabled: patch.disabled, ...(patch.unitId === undefined ? {} : { unitId: patch.unitId }) },
      at,
    );
    return updated;
  }

  /**
   * A user replacing their own password (which clears the must-change flag). The same password again is
   * refused: a password an administrator chose would otherwise stay in use. Guesses at the current password
   * (from a session left open) meet the login's delays, counted with the login's tries at the same name.
   */
  async changeOwnPassword(user: StaffUser, currentPassword: string, newPassword: string, at: number, client: string): Promise<StaffUser> {
    const attempt = await this.throttle.begin(client, user.username, at);
    const credentials = await this.store.get(user.id);
    let right: boolean;
    try {
      right = credentials !== undefined && (await check(currentPassword, credentials.passwordHash));
    } catch (err) {
      await attempt.notChecked();
      throw err;
    }
    if (!credentials || !right) throw new HubError(401, 'wrong_credentials', { what: 'current_password' });
    await attempt.succeeded();
    if (newPassword === currentPassword) {
      throw new HubError(400, 'same_password', {});
    }
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw new HubError(400, 'weak_password', weakPassword(problem));
    const updated = await this.store.update(user.id, { passwordHash: hashPassword(newPassword), mustChangePassword: false }, at);
    // Every session of the user ends, this one too, as with any new password: none opened with the old one outlives it.
    await this.store.deleteSessionsOf(user.id);
    await this.store.audit(user.username, 'password_change', { id: user.id, wasRequired: credentials.mustChangePassword }, at);
    return updated;
  }

  listUsers(): Promise<StaffUser[]> {
    return this.store.list();
  }
}

/** Refuses a user who must first replace a password someone else chose. */
export function requirePasswordChanged(user: StaffUser): void {
  if (user.mustChangePassword) {
    throw new HubError(403, 'password_change_required', {});
  }
}

/** Refuses a user whose role is not allowed. */
export function requireRole(user: StaffUser, roles: readonly StaffRole[]): void {
  if (!roles.includes(user.role)) throw new HubError(403, 'forbidden', {});
}

/** A password check, or a 429 when too many are already waiting for a turn. */
async function check(password: string, stored: string): Promise<boolean> {
  try {
    return await verifyPassword(password, stored);
  } catch (err) {
    if (err instanceof PasswordChecksBusy) throw new HubError(429, 'busy', {}, 1_000);
    throw err;
  }
}
