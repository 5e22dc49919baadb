// What a staff password must be: long enough to resist guessing even past the login's delays, not a string
// of digits (a phone number, a birthday), not one of the passwords every guessing list starts with, and not
// the user's own name. One rule for the dashboard, the user's own change and the CLI alike.

import type { PasswordRule } from '../../protocol/refusals/hub-refusals.pure.ts';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * Passwords every guessing list starts with, as far as they would pass the length rule — lists of leaked
 * passwords (also from Chinese sites) are led by keyboard runs, "password" with digits, and 520/1314 ("I
 * love you for life"). Compared case-insensitively and without spaces.
 */
const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop123', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y',
  'qazwsxedcrfv', 'zaq12wsxcde3', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123', 'zxcvbnm1234', 'abcdefghij', 'abcd123456',
  'abc1234567', 'abc12345678', 'abc123456789', 'a123456789', 'a1234567890', 'aa12345678', 'aa123456789', 'qq12345678',
  'qwe1234567', 'qwe123456789', 'asd1234567', 'asd123456789', 'zxc1234567', 'zxc123456789', 'woaini1314', 'woaini520',
  'woaini5201314', 'iloveyou123', 'iloveyou1314', 'admin12345', 'admin123456', 'admin@1234', 'admin@12345', 'admin@123456',
  'administrator', 'root123456', 'test123456', 'welcome123', 'letmein123', 'changeme123', 'huawei12345', 'huawei@123',
  'dangyuan123', 'dangyuan1234', 'yuanjiao123', 'yuanjiao1234', 'yuanjiao@123',
]);

/** Which rule `password` breaks for `username`, or null when it may be used. The readers word the rule. */
export function passwordProblem(password: string, username: string): PasswordRule | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (/^\d+$/.test(password)) return 'digits_only';
  if (/^(.)\1+$/su.test(password)) return 'repeated';
  const plain = password.toLowerCase().replace(/\s+/g, '');
  if (COMMON_PASSWORDS.has(plain)) return 'common';
  const name = username.trim().toLowerCase();
  if (name !== '' && (plain === name || plain.includes(name) && plain.length - name.length < 4)) return 'like_name';
  return null;
}

/** The refusal of a password that breaks `rule`, as its values. */
export function weakPassword(rule: PasswordRule): { rule: PasswordRule; minLength: number } {
  return { rule, minLength: MIN_PASSWORD_LENGTH };
}
