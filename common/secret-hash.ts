// Salted scrypt for the secrets a copied database must not give away: a station's admin PINs and the hub's staff
// passwords. One format for both, `scrypt$N$r$p$salt$key` (base64), which carries its own cost: a hash made at
// another cost (an older release's, a stronger future one's) still checks, and raising the cost never locks
// anybody out.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** The cost of every secret the programs store: ~100–200 ms of one CPU and 32 MB per hash or check. */
export const SECRET_COST = 1 << 15;
/** The least cost the tests may ask for. */
const TEST_COST_FLOOR = 1 << 10;

/**
 * The cost new hashes are made at: SECRET_COST, except under the test runner (VITEST, which vitest sets, and
 * YJ_TEST_SECRET_COST, which vitest.config.ts sets), where the suite's ~500 PINs and passwords would otherwise
 * spend minutes of CI in scrypt. Both must be set, and the value a power of two from 2^10 up, so no slip of one
 * variable on a station or a hub weakens what it stores; checking reads the cost from the stored hash either way.
 */
export function secretCostFor(env: Readonly<Record<string, string | undefined>>): number {
  const asked = Number(env.YJ_TEST_SECRET_COST);
  if (!env.VITEST || !Number.isSafeInteger(asked) || asked < TEST_COST_FLOOR || asked > SECRET_COST || (asked & (asked - 1)) !== 0) return SECRET_COST;
  return asked;
}

const newHashCost = secretCostFor(process.env);
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Room for the cost above (128·N·r = 32 MB) and a stored hash up to twice as costly. */
const MAXMEM = 64 * 1024 * 1024;

export function hashSecret(secret: string, cost: number = newHashCost): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret, salt, KEY_LENGTH, { N: cost, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Stored {
  salt: Buffer;
  key: Buffer;
  options: { N: number; r: number; p: number; maxmem: number };
}

/** The parts of a stored hash, or null when it is not one (a damaged row, another scheme): such a secret never matches. */
function parse(stored: string): Stored | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length > 0) return null;
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM };
  if (![options.N, options.r, options.p].every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  const parts = { salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64'), options };
  // A key cut short is no hash this program made, and matching one would prove little.
  return parts.key.length >= 16 ? parts : null;
}

/** Whether `secret` is the one `stored` was made from, on the calling thread (a station's PIN: one person at a TV). */
export function secretMatchesSync(secret: string, stored: string): boolean {
  const parts = parse(stored);
  if (parts === null) return false;
  return timingSafeEqual(parts.key, scryptSync(secret, parts.salt, parts.key.length, parts.options));
}

/** As secretMatchesSync, in libuv's pool: a server checks while it goes on answering others. */
export function secretMatches(secret: string, stored: string): Promise<boolean> {
  const parts = parse(stored);
  if (parts === null) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    scrypt(secret, parts.salt, parts.key.length, parts.options, (err, actual) => {
      if (err) reject(err);
      else resolve(timingSafeEqual(parts.key, actual));
    });
  });
}
