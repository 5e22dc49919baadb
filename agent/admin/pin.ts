// Admin PIN hashing: salted scrypt (common/secret-hash.ts), so a copied database does not give the PIN away.
import type { PinRule } from '../../protocol/refusals/station-refusals.pure.ts';
import { hashSecret, secretMatchesSync } from '../../common/secret-hash.ts';

export function hashPin(pin: string): string {
  return hashSecret(pin);
}

/** Checked on the agent's thread: one administrator at one TV, never a crowd (the hub's logins are the crowd). */
export function verifyPin(pin: string, stored: string): boolean {
  return secretMatchesSync(pin, stored);
}

/** Which rule a new PIN breaks, or null. A PIN is typed on a TV remote: digits only. */
export function pinProblem(pin: string, defaultPin: string): PinRule | null {
  if (!/^\d{6,8}$/.test(pin)) return 'digits';
  if (pin === defaultPin) return 'default';
  if (/^(\d)\1+$/.test(pin)) return 'repeated';
  const digits = [...pin].map(Number);
  const step = digits[1]! - digits[0]!;
  if (Math.abs(step) === 1 && digits.every((d, i) => i === 0 || d - digits[i - 1]! === step)) {
    return 'run';
  }
  return null;
}
