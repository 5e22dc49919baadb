// Slows password guessing at the staff login without locking anyone out: wrong tries are counted per client
// address and per (client address, user name), and past a few of them each further try from there must wait
// 1 s, 2 s, 4 s … up to 5 minutes. The account itself is never locked, so the owner logs in from their own
// machine whatever a stranger typed elsewhere; and a name that does not exist is counted exactly as one that
// does, so the answers tell nobody which names exist. Kept in the hub's database: a restart forgives nothing.
import { isIPv4, isIPv6 } from 'node:net';
import { delayAfter, waitLeft, withFailure, type DelayPolicy, type FailureRecord } from '../../common/growing-delay.pure.ts';
import { LoginThrottleStore, type LoginThrottleRows } from '../store/login-throttle-store.ts';
import { HubError } from '../hub-error.ts';
import type { HubDatabase } from '../store/hub-database.ts';

/** One client guessing at one name: three free tries (typos), then the waits grow. */
export const NAME_POLICY: DelayPolicy = { freeFailures: 3, firstDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetAfterMs: 3600_000 };
/**
 * One client across all names: more room (an office behind one address, a few people mistyping), then the
 * same growth, so trying one password against many names is slowed as much as many passwords against one.
 */
export const CLIENT_POLICY: DelayPolicy = { freeFailures: 20, firstDelayMs: 1000, maxDelayMs: 5 * 60_000, forgetAfterMs: 3600_000 };

const FORGET_AFTER_MS = Math.max(NAME_POLICY.forgetAfterMs, CLIENT_POLICY.forgetAfterMs);
const PURGE_EVERY_MS = 60_000;
/** Refusals already logged, by key; bounded so a spray of addresses cannot grow it without end. */
const MAX_REMEMBERED_REFUSALS = 10_000;

/**
 * Who is asking, as the throttle counts them: an IPv4 address (also when written IPv4-mapped), or an IPv6
 * address's /64 — one household or office gets a whole /64, and counting each address of it alone would
 * let its owner guess without end.
 */
export function clientKey(ip: string): string {
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** A login under way: its try is counted as wrong from the start, and given back if it was not. */
export interface LoginAttempt {
  /** The password was right: this client's tries at this name are forgiven. */
  succeeded(): Promise<void>;
  /** The password was never checked (the checks were busy): the try does not count. */
  notChecked(): Promise<void>;
}

export class LoginThrottle {
  private readonly store: LoginThrottleStore;
  private readonly loggedRefusals = new Map<string, number>();
  private nextPurgeAt = 0;

  constructor(database: HubDatabase) {
    this.store = new LoginThrottleStore(database);
  }

  /**
   * Lets a try by `client` at `username` go ahead, counting it as wrong until it proves right, or refuses it
   * with 429 and how long to wait. Counted before the password is checked, so tries sent all at once are
   * each counted and cannot slip past together while the first ones are still being checked.
   */
  async begin(client: string, username: string, at: number): Promise<LoginAttempt> {
    const who = clientKey(client);
    const clientRow = `client ${who}`;
    const nameRow = `name ${who} ${username.trim().toLowerCase()}`;
    await this.store.atomically(async (rows) => {
      if (at >= this.nextPurgeAt) {
        await rows.purge(at - FORGET_AFTER_MS);
        this.nextPurgeAt = at + PURGE_EVERY_MS;
      }
      const byClient = await rows.get(clientRow);
      const byName = await rows.get(nameRow);
      const clientWait = waitLeft(byClient, at, CLIENT_POLICY);
      const nameWait = waitLeft(byName, at, NAME_POLICY);
      if (clientWait > 0 || nameWait > 0) {
        throw clientWait >= nameWait ? this.refusal(clientRow, byClient!, clientWait) : this.refusal(nameRow, byName!, nameWait);
      }
      await rows.put(clientRow, withFailure(byClient, at, CLIENT_POLICY));
      await rows.put(nameRow, withFailure(byName, at, NAME_POLICY));
    });
    return {
      succeeded: () =>
        this.store.atomically(async (rows) => {
          await rows.delete(nameRow);
          await giveBack(rows, clientRow);
        }),
      notChecked: () =>
        this.store.atomically(async (rows) => {
          await giveBack(rows, nameRow);
          await giveBack(rows, clientRow);
        }),
    };
  }

  /** The refusal; the first one for a given count of failures is logged, the repeats while waiting are not. */
  private refusal(key: string, record: FailureRecord, wait: number): HubError {
    const alreadyLogged = this.loggedRefusals.get(key) === record.failures;
    if (!alreadyLogged) {
      if (this.loggedRefusals.size >= MAX_REMEMBERED_REFUSALS) this.loggedRefusals.clear();
      this.loggedRefusals.set(key, record.failures);
    }
    return new HubError(429, 'too_many_attempts', { waitSeconds: Math.max(1, Math.ceil(wait / 1000)) }, wait, { alreadyLogged });
  }
}

async function giveBack(rows: LoginThrottleRows, key: string): Promise<void> {
  const record = await rows.get(key);
  if (!record) return;
  if (record.failures <= 1) await rows.delete(key);
  else await rows.put(key, { failures: record.failures - 1, lastFailureAt: record.lastFailureAt });
}

/** For the docs and tests: the waits a client meets after 1, 2, 3 … wrong tries at one name. */
export function nameDelays(count: number): number[] {
  return Array.from({ length: count }, (_, i) => delayAfter(i + 1, NAME_POLICY));
}
