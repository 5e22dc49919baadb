// Finding a unit or a station by name for the dashboard's navigator: a part of the Chinese name (城北), or the
// pinyin initials of one (cbjd for 城北街道), within the unit the staff member is looking at. Units first, then
// stations, each with the chain of units above it so two 前进村 can be told apart.
import { pinyin } from 'pinyin-pro';
import type { HubContext } from '../hub-context.ts';
import type { UnitLevel } from '../../protocol/org-units.pure.ts';
import { childOfTop } from './org-rollup.ts';

export const SEARCH_LIMIT = 20;
export const SEARCH_TEXT_MAX = 40;

export interface OrgMatch {
  kind: 'unit' | 'station';
  id: string;
  name: string;
  /** A unit's level; null for a station. */
  level: UnitLevel | null;
  /** The names of the units above it, top first. */
  path: string[];
}

// Names change rarely and are searched often: their initials are worked out once (bounded, so a hub that renames
// a great deal does not grow this without end).
const initialsCache = new Map<string, string>();
function initialsOf(name: string): string {
  let found = initialsCache.get(name);
  if (found === undefined) {
    if (initialsCache.size > 100_000) initialsCache.clear();
    found = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase();
    initialsCache.set(name, found);
  }
  return found;
}

export function nameMatches(name: string, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return false;
  if (name.toLowerCase().includes(wanted)) return true;
  return /^[a-z0-9]+$/.test(wanted) && initialsOf(name).includes(wanted);
}

export async function searchOrg(ctx: HubContext, scopeUnit: string | null, text: string): Promise<{ matches: OrgMatch[] }> {
  const units = await ctx.org.units();
  const unitById = new Map(units.map((u) => [u.id, u]));
  const inScope = childOfTop(units, scopeUnit);
  const pathOf = (unitId: string | null): string[] => {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let u = unitId === null ? undefined : unitById.get(unitId); u && !seen.has(u.id); u = u.parentId === null ? undefined : unitById.get(u.parentId)) {
      seen.add(u.id);
      names.unshift(u.name);
    }
    return names;
  };
  const matches: OrgMatch[] = [];
  for (const u of units) {
    if (matches.length >= SEARCH_LIMIT) break;
    if (u.retiredAt === null && u.id !== scopeUnit && inScope.has(u.id) && nameMatches(u.name, text)) matches.push({ kind: 'unit', id: u.id, name: u.name, level: u.level, path: pathOf(u.parentId) });
  }
  if (matches.length < SEARCH_LIMIT) {
    const placed = new Map((await ctx.org.places()).map((p) => [p.stationId, p.unitId]));
    for (const s of await ctx.stations.list()) {
      if (matches.length >= SEARCH_LIMIT) break;
      const unitId = placed.get(s.id) ?? null;
      const under = unitId === null ? scopeUnit === null : inScope.has(unitId);
      if (under && nameMatches(s.name, text)) matches.push({ kind: 'station', id: s.id, name: s.name, level: null, path: pathOf(unitId) });
    }
  }
  return { matches };
}
