// Which stations of the chosen unit a program or notice reaches (issue 17): all of them, some site grades, or a
// list of stations picked by name. Plain radios and checkboxes, so arrows and OK on a TV remote reach each one.
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { GRADES, type Grade as GradeName, type StationListAnswer } from '../api-types.ts';

export type TargetKind = 'all' | 'grades' | 'stations';
export interface TargetValue {
  kind: TargetKind;
  grades: GradeName[];
  stationIds: string[];
}

/** The picker's value for a saved record's target. */
export function targetOfRecord(record: { grades?: readonly string[]; stationIds?: readonly string[] } | null): TargetValue {
  if (record?.grades) return { kind: 'grades', grades: [...record.grades] as GradeName[], stationIds: [] };
  if (record?.stationIds) return { kind: 'stations', grades: [], stationIds: [...record.stationIds] };
  return { kind: 'all', grades: [], stationIds: [] };
}

/** What the hub is sent for the picker's value (nothing: every station of the unit). */
export function targetBody(value: TargetValue): { grades?: GradeName[]; stationIds?: string[] } {
  if (value.kind === 'grades') return { grades: value.grades };
  if (value.kind === 'stations') return { stationIds: value.stationIds };
  return {};
}

/** A problem to show beside the picker before anything is sent, or null. */
export function targetProblem(value: TargetValue): string | null {
  if (value.kind === 'grades' && value.grades.length === 0) return t('target.error.grades');
  if (value.kind === 'stations' && value.stationIds.length === 0) return t('target.error.stations');
  return null;
}

export function TargetSelect({ value, onChange, unitId, error }: { value: TargetValue; onChange: (v: TargetValue) => void; unitId: string; error?: string | null }) {
  const [filter, setFilter] = useState('');
  // The stations of the unit the item goes to ('' — the caller's own subtree).
  const stations = useApi<StationListAnswer>(value.kind === 'stations' ? `/api/county/stations${unitId === '' ? '' : `?unit=${encodeURIComponent(unitId)}`}` : null).data;
  const toggle = <T,>(list: readonly T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  return (
    <fieldset class="field span-2" data-testid="target-select">
      <legend class="field-label">{t('target.label')}</legend>
      <div class="radios">
        {(['all', 'grades', 'stations'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="targetKind" value={kind} checked={value.kind === kind} onChange={() => onChange({ ...value, kind })} /> {t(`target.kind.${kind}`)}
          </label>
        ))}
      </div>
      {value.kind === 'grades' && (
        <div class="radios" data-testid="target-grades">
          {GRADES.map((g) => (
            <label key={g}>
              <input type="checkbox" name="targetGrade" value={g} checked={value.grades.includes(g)} onChange={() => onChange({ ...value, grades: toggle(value.grades, g) })} /> {t(`grade.${g}`)}
            </label>
          ))}
        </div>
      )}
      {value.kind === 'stations' && (
        <div data-testid="target-stations">
          <input type="search" name="targetFilter" placeholder={t('target.filter')} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
          <span class="field-hint">{t('target.chosen', { n: value.stationIds.length })}</span>
          <div class="target-station-list">
            {(stations?.stations ?? [])
              .filter((s) => s.retiredAt === null && (filter === '' || s.name.includes(filter) || value.stationIds.includes(s.id)))
              .map((s) => (
                <label key={s.id}>
                  <input type="checkbox" name="targetStation" value={s.id} checked={value.stationIds.includes(s.id)} onChange={() => onChange({ ...value, stationIds: toggle(value.stationIds, s.id) })} /> {s.name}
                </label>
              ))}
          </div>
        </div>
      )}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
