// The one way the programs store a secret (a station's admin PIN, a hub's staff password): salted scrypt at the
// programs' cost, a hash that carries its own cost, and a stored value that is not such a hash never matching.
import { describe, expect, it } from 'vitest';
import { hashSecret, SECRET_COST, secretCostFor, secretMatches, secretMatchesSync } from '../../common/secret-hash.ts';
import { hashPin, verifyPin } from '../../agent/admin/pin.ts';
import { hashPassword, verifyPassword } from '../../county/auth/password.ts';

describe('a stored secret', () => {
  it('is made at the programs’ cost, salted, and checks on the thread and off it', async () => {
    expect(SECRET_COST).toBe(2 ** 15);
    // The suite's own cost (vitest.config.ts), which nothing outside the test runner can ask for.
    expect(process.env.YJ_TEST_SECRET_COST).toBe('1024');
    const pin = hashPin('274915');
    const password = hashPassword('county-staff-pass-1');
    for (const stored of [pin, password]) expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(hashPin('274915')).not.toBe(pin);
    expect([verifyPin('274915', pin), verifyPin('274916', pin)]).toEqual([true, false]);
    expect([await verifyPassword('county-staff-pass-1', password), await verifyPassword('county-staff-pass-2', password)]).toEqual([true, false]);
  });

  it('is made at full cost outside the test runner, whatever one variable says', () => {
    expect(secretCostFor({})).toBe(SECRET_COST);
    expect(secretCostFor({ YJ_TEST_SECRET_COST: '1024' })).toBe(SECRET_COST);
    expect(secretCostFor({ VITEST: 'true' })).toBe(SECRET_COST);
    expect(secretCostFor({ VITEST: 'true', YJ_TEST_SECRET_COST: '1024' })).toBe(1024);
    for (const bad of ['16', '1000', '4096.5', '65536', 'low', '']) expect(secretCostFor({ VITEST: 'true', YJ_TEST_SECRET_COST: bad }), bad).toBe(SECRET_COST);
    const full = hashSecret('274915', SECRET_COST);
    expect(full.split('$')[1]).toBe('32768');
    expect(secretMatchesSync('274915', full)).toBe(true);
  });

  it('checks at the cost it was made with, so a change of cost locks nobody out', async () => {
    const cheaper = hashSecret('274915', 2 ** 10);
    expect(cheaper.split('$')[1]).toBe('1024');
    expect([secretMatchesSync('274915', cheaper), await secretMatches('274915', cheaper), secretMatchesSync('000000', cheaper)]).toEqual([true, true, false]);
  });

  it('never matches what is not such a hash: a damaged row, another scheme, a cut key', async () => {
    const good = hashSecret('274915', 2 ** 10);
    const [, n, r, p, salt, key] = good.split('$');
    const damaged = [
      '',
      '274915',
      `bcrypt$${n}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      `scrypt$${n}$${r}$${p}$${salt}$${key!.slice(0, 8)}`,
      `scrypt$abc$${r}$${p}$${salt}$${key}`,
      `scrypt$-4$${r}$${p}$${salt}$${key}`,
      `${good}$extra`,
    ];
    for (const stored of damaged) {
      expect(secretMatchesSync('274915', stored), stored).toBe(false);
      expect(await secretMatches('274915', stored), stored).toBe(false);
    }
  });
});
