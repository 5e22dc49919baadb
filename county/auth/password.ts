// Staff passwords: salted scrypt (common/secret-hash.ts, as the station's admin PIN), so a copied hub database gives none away.
// A check costs ~100 ms of a CPU and 32 MB: the login form's checks run off the event loop, a few at a time,
// so a stranger's flood of logins waits in its own queue instead of holding up every station's report.
import { randomBytes } from 'node:crypto';
import { hashSecret, SECRET_COST, secretMatches } from '../../common/secret-hash.ts';

export function hashPassword(password: string): string {
  return hashSecret(password);
}

/** Checks run at once in libuv's pool (of 4 threads: the rest stay free for the hub's file work). */
export const MAX_CHECKS_AT_ONCE = 2;
/** Checks that may wait for a turn; past this a login is told to come back (429) rather than queued. */
export const MAX_CHECKS_WAITING = 32;

/** Refused because the queue of password checks is full: the caller answers 429. */
export class PasswordChecksBusy extends Error {
  constructor() {
    super('password checks busy');
    this.name = 'PasswordChecksBusy';
  }
}

let running = 0;
const turns: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CHECKS_AT_ONCE) {
    if (turns.length >= MAX_CHECKS_WAITING) throw new PasswordChecksBusy();
    await new Promise<void>((resolve) => turns.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    // The turn passes straight to the next in line, or is given back.
    const next = turns.shift();
    if (next) next();
    else running -= 1;
  }
}

/** Whether `password` is the one `stored` was made from; off the event loop, in turn with other checks. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  return inTurn(() => secretMatches(password, stored));
}

let decoy: string | null = null;

/**
 * A hash of a password nobody has, so that a login for an unknown name takes as long as a real one. Always at the
 * programs' full cost, also under the tests' cheaper one: what it stands in for is a real account's check.
 */
export function decoyHash(): string {
  decoy ??= hashSecret(randomBytes(12).toString('base64'), SECRET_COST);
  return decoy;
}
