// The 三会一课 rhythm on the policy page: per kind, the period (month or quarter) and the minimum held in it
// (0 = not checked); the regulations' default while the county has set none. The rule and its check are
// protocol/branch-rhythm.pure.ts; the hub's PUT /api/county/policy takes `branchRhythm`.
import { Fragment } from 'preact';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { Field, inputValue } from '../components/field.tsx';
import { DEFAULT_RHYTHM, RHYTHM_KINDS, type BranchRhythm, type RhythmFields, type RhythmKind, type RhythmRule } from './policy-rhythm.pure.ts';

const kindLabel = (k: RhythmKind) => t(`station.activities.kind.${k}` as MessageKey);

function ruleText(rule: RhythmRule | undefined): string {
  if (!rule || rule.min === 0) return t('policy.rhythm.off');
  return t('policy.rhythm.value', { period: t(`policy.rhythm.period.${rule.period}`), n: rule.min });
}

/** The readings: each kind's rule, marked as the default while the county has set none. */
export function RhythmReadings({ rhythm }: { rhythm: BranchRhythm | undefined }) {
  const r = rhythm ?? DEFAULT_RHYTHM;
  return (
    <>
      {RHYTHM_KINDS.map((k) => (
        <Fragment key={k}>
          <dt>{kindLabel(k)}</dt>
          <dd data-rhythm={k}>
            {ruleText(r[k])}
            {rhythm === undefined && <span class="muted">{t('policy.rhythm.default')}</span>}
          </dd>
        </Fragment>
      ))}
    </>
  );
}

/** The form's fields: a period and a minimum per kind, with the refusal under the kind that is wrong. */
export function RhythmInputs({ fields, invalid, onChange }: { fields: RhythmFields; invalid: readonly RhythmKind[]; onChange: (next: RhythmFields) => void }) {
  const set = (k: RhythmKind, patch: Partial<RhythmFields[RhythmKind]>) => onChange({ ...fields, [k]: { ...fields[k], ...patch } });
  return (
    <fieldset class="field" data-testid="policy-rhythm">
      <legend class="field-label">{t('policy.rhythm')}</legend>
      {RHYTHM_KINDS.map((k) => (
        <Field key={k} label={kindLabel(k)} error={invalid.includes(k) ? t('policy.error.rhythm', { kind: kindLabel(k) }) : undefined}>
          <span class="rhythm-rule">
            <select name={`rhythm-${k}-period`} value={fields[k].period} onChange={(e) => set(k, { period: (e.target as HTMLSelectElement).value as RhythmRule['period'] })}>
              <option value="month">{t('policy.rhythm.period.month')}</option>
              <option value="quarter">{t('policy.rhythm.period.quarter')}</option>
            </select>
            <input name={`rhythm-${k}-min`} inputMode="numeric" value={fields[k].min} onInput={(e) => set(k, { min: inputValue(e) })} />
          </span>
        </Field>
      ))}
      <span class="field-hint">{t('policy.rhythm.help')}</span>
    </fieldset>
  );
}
