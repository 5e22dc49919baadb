// The levels of the org tree above the stations (issue 16): province → city → county → township, any of them
// skipped (a county-only hub has none; a province may put stations straight under a county). The one
// definition the hub's store, its API schemas and the dashboard's navigator derive theirs from.
import { Type, type Static } from 'typebox';

export const UnitLevelSchema = Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('township')]);
export type UnitLevel = Static<typeof UnitLevelSchema>;

/** Highest first: a unit's parent is of a level earlier in this list. */
export const UNIT_LEVELS: readonly UnitLevel[] = UnitLevelSchema.anyOf.map((s) => s.const);

export const UNIT_LEVEL_LABELS: Record<UnitLevel, { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县', en: 'County' },
  township: { zh: '乡镇', en: 'Township' },
};

/** Whether a unit of `child` level may sit under one of `parent` level (null: the hub's top holds any). */
export function levelMayHold(parent: UnitLevel | null, child: UnitLevel): boolean {
  return parent === null || UNIT_LEVELS.indexOf(parent) < UNIT_LEVELS.indexOf(child);
}

/**
 * A unit's id: what staff type in the CLI and what URLs carry — the administrative division code (行政区划代码,
 * e.g. 650502) or a short Latin name. Lower-case letters, digits and hyphens, 1–40 characters.
 */
export const UNIT_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';
export const UNIT_NAME_MAX = 60;

export function isUnitId(value: string): boolean {
  return new RegExp(UNIT_ID_PATTERN).test(value);
}
