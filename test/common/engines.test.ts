// Stations and hubs run Debian 13's nodejs (20.19). A dependency that declares a newer Node (kysely 0.29 asks
// for 22) may one day use what 20 lacks and break a county's terminals at an upgrade, so every package shipped —
// not the ones only the tests and the build use — must accept Debian's Node, as our own engines field promises.
import fs from 'node:fs';
import semver from 'semver';
import { expect, it } from 'vitest';

/** Debian 13 (trixie)'s nodejs. */
const DEBIAN_NODE = '20.19.2';

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

it('every shipped dependency accepts Debian 13’s Node, and so does our own engines field', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  expect(semver.satisfies(DEBIAN_NODE, pkg.engines.node)).toBe(true);
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
  const shipped = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev !== true);
  expect(shipped.length).toBeGreaterThan(50);
  const refusing = shipped
    .map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), version: entry.version, node: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
    .filter((p) => p.node !== undefined && !semver.satisfies(DEBIAN_NODE, p.node))
    .map((p) => `${p.name}@${p.version} wants node ${p.node}`);
  expect(refusing).toEqual([]);
});
