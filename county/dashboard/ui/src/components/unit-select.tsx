// Where a new user or station goes in the org tree: the administrator's own unit or one below it, indented by
// depth. On a county-only hub (no units) nothing is shown and nothing is sent, so the form is as it always was.
import type { UnitsAnswer, VisibleUnit } from '../api-types.ts';
import { t } from '../i18n/i18n.ts';
import { Field } from './field.tsx';

/** The units with their depth below the caller's root, in the answer's order (parents before children). */
export function unitDepths(units: readonly VisibleUnit[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const u of units) depth.set(u.id, u.parentId !== null && depth.has(u.parentId) ? depth.get(u.parentId)! + 1 : 0);
  return depth;
}

/**
 * `value` '' is the default (the caller's own unit; the hub's top for a hub-wide administrator). `allLabel` words
 * that default as a filter does ("all my units"); `testid` tells two pickers on one page apart.
 */
export function UnitSelect({ tree, value, onChange, label, allLabel, testid = 'unit-select' }: { tree: UnitsAnswer | undefined; value: string; onChange: (unitId: string) => void; label?: string; allLabel?: string; testid?: string }) {
  if (!tree || tree.units.length === 0) return null;
  const depth = unitDepths(tree.units);
  const own = tree.units.find((u) => u.id === tree.root);
  return (
    <Field label={label ?? t('units.field')}>
      <select name="unit" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)} data-testid={testid}>
        <option value="">{allLabel ?? (own ? t('units.own', { name: own.name }) : t('units.top'))}</option>
        {tree.units
          .filter((u) => u.retiredAt === null && u.id !== tree.root)
          .map((u) => (
            <option key={u.id} value={u.id}>
              {`${'\u3000'.repeat(depth.get(u.id) ?? 0)}${u.name}（${t(`units.level.${u.level}`)}）`}
            </option>
          ))}
      </select>
    </Field>
  );
}

/** The picker's value for a record's unit: '' for the caller's own unit (or the hub's top), else the unit. */
export function unitChoice(tree: UnitsAnswer | undefined, unitId: string | null | undefined): string {
  return unitId === undefined || unitId === null || unitId === tree?.root ? '' : unitId;
}

/** What an edit sends for the picker's value: the unit, or the caller's own ('' — null on the hub's top). */
export function chosenUnit(tree: UnitsAnswer, value: string): string | null {
  return value === '' ? tree.root : value;
}

/** A unit's name for a table cell: '—' for none (the hub's top), the id for one the caller does not see. */
export function unitName(tree: UnitsAnswer | undefined, unitId: string | null): string {
  if (unitId === null) return t('units.top');
  return tree?.units.find((u) => u.id === unitId)?.name ?? unitId;
}
