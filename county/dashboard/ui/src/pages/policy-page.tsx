// 考核政策: the assessment policy sent to every station (minimum group viewings and minutes a month, fixed
// study days) and what it means for each site grade; county administrators edit it.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Loaded, Loading } from '../components/load-state.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { GRADES, type Overview, type Policy, type PolicyAnswer } from '../api-types.ts';
import { RhythmInputs, RhythmReadings } from './policy-rhythm.tsx';
import { DEFAULT_RHYTHM, parseRhythm, rhythmFields, type RhythmKind } from './policy-rhythm.pure.ts';

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

function wholeOrNull(value: string, max: number): number | null | 'invalid' {
  if (value.trim() === '') return null;
  return /^\d+$/.test(value.trim()) && Number(value) <= max ? Number(value) : 'invalid';
}

function PolicyForm({ policy, onSaved, onClose }: { policy: Policy; onSaved: () => void; onClose: () => void }) {
  const [viewings, setViewings] = useState(policy.minViewingsPerMonth === null ? '' : String(policy.minViewingsPerMonth));
  const [minutes, setMinutes] = useState(policy.minMinutesPerMonth === null ? '' : String(policy.minMinutesPerMonth));
  const [days, setDays] = useState<number[]>(policy.fixedStudyDays);
  const [rhythm, setRhythm] = useState(() => rhythmFields(policy.branchRhythm));
  const [badRhythm, setBadRhythm] = useState<RhythmKind[]>([]);
  const [problems, setProblems] = useState<{ viewings?: string; minutes?: string }>({});
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const v = wholeOrNull(viewings, 31);
    const m = wholeOrNull(minutes, 10_000);
    const found = { viewings: v === 'invalid' ? t('policy.error.viewings') : undefined, minutes: m === 'invalid' ? t('policy.error.minutes') : undefined };
    setProblems(found);
    const r = parseRhythm(rhythm);
    setBadRhythm('invalid' in r ? r.invalid : []);
    if (v === 'invalid' || m === 'invalid' || 'invalid' in r) return;
    // Left absent while it is the default the county never set: the downlink stays as it was.
    const branchRhythm = policy.branchRhythm === undefined && JSON.stringify(r.rhythm) === JSON.stringify(DEFAULT_RHYTHM) ? undefined : r.rhythm;
    const body = { ...policy, minViewingsPerMonth: v, minMinutesPerMonth: m, fixedStudyDays: [...days].sort((a, b) => a - b), branchRhythm };
    const saved = await action.run(() => api.put('/api/county/policy', body), t('policy.saved'));
    if (saved !== undefined) onSaved();
  };

  return (
    <FormDialog title={t('policy.edit')} formId="policy-form" onSubmit={submit} onClose={onClose} action={action} footerError testid="policy-form">
      <Field label={t('policy.minViewings')} hint={t('policy.minViewings.help')} error={problems.viewings}>
        <input name="minViewings" inputMode="numeric" value={viewings} onInput={(e) => setViewings(inputValue(e))} />
      </Field>
      <Field label={t('policy.minMinutes')} hint={t('policy.minMinutes.help')} error={problems.minutes}>
        <input name="minMinutes" inputMode="numeric" value={minutes} onInput={(e) => setMinutes(inputValue(e))} />
      </Field>
      <fieldset class="field">
        <legend class="field-label">{t('policy.studyDays')}</legend>
        <div class="day-grid">
          {DAYS.map((d) => (
            <label key={d} class={`day-toggle${days.includes(d) ? ' on' : ''}`}>
              <input type="checkbox" checked={days.includes(d)} onChange={() => setDays(days.includes(d) ? days.filter((x) => x !== d) : [...days, d])} />
              {d}
            </label>
          ))}
        </div>
        <span class="field-hint">{t('policy.studyDays.help')}</span>
      </fieldset>
      <RhythmInputs fields={rhythm} invalid={badRhythm} onChange={setRhythm} />
    </FormDialog>
  );
}

export function PolicyPage({ admin }: { admin: boolean }) {
  const policy = useApi<PolicyAnswer>('/api/county/policy');
  const overview = useApi<Overview>('/api/county/overview');
  const [editing, setEditing] = useState(false);

  return (
    <div class="page" data-testid="policy-page">
      <PageHeader
        title={t('policy.title')}
        subtitle={
          <>
            {t('policy.subtitle')}
            {!admin && <ReadOnlyNote />}
          </>
        }
        actions={
          admin &&
          policy.data && (
            <button type="button" class="btn btn-primary" onClick={() => setEditing(true)} data-testid="policy-edit">
              {t('policy.edit')}
            </button>
          )
        }
      />
      <div class="grid-2">
        <Panel title={t('policy.title')}>
          <Loaded {...policy}>
            {({ policy: p, from }) => (
              <dl class="readings readings-wide" data-testid="policy">
                {/* With an org tree: whose policy the caller's unit follows (its own, or a unit above it). */}
                {from && (
                  <>
                    <dt>{t('units.policy.source')}</dt>
                    <dd data-testid="policy-from">{from.name}</dd>
                  </>
                )}
                <dt>{t('policy.minViewings')}</dt>
                <dd>{p.minViewingsPerMonth === null ? t('policy.minViewings.none') : t('policy.minViewings.value', { n: p.minViewingsPerMonth })}</dd>
                <dt>{t('policy.minMinutes')}</dt>
                <dd>{p.minMinutesPerMonth === null ? t('policy.minMinutes.none') : t('policy.minMinutes.value', { n: p.minMinutesPerMonth })}</dd>
                <dt>{t('policy.studyDays')}</dt>
                <dd>{p.fixedStudyDays.length === 0 ? t('policy.studyDays.none') : t('policy.studyDays.value', { days: p.fixedStudyDays.join(t('weekday.join')) })}</dd>
                <RhythmReadings rhythm={p.branchRhythm} />
              </dl>
            )}
          </Loaded>
        </Panel>
        <Panel title={t('policy.byGrade')} extra={<span class="muted">{t('policy.byGrade.note')}</span>}>
          {overview.data ? (
            <table class="table" data-testid="policy-grades">
              <thead>
                <tr>
                  <th>{t('policy.byGrade.grade')}</th>
                  <th class="num">{t('policy.byGrade.required')}</th>
                  <th class="num">{t('policy.byGrade.stations')}</th>
                </tr>
              </thead>
              <tbody>
                {GRADES.map((g) => (
                  <tr key={g}>
                    <td>{t(`grade.${g}`)}</td>
                    <td class="num">
                      <strong>{overview.data!.requiredByGrade[g]}</strong>
                    </td>
                    <td class="num">{overview.data!.stations.byGrade[g]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Loaded {...overview}>{() => <Loading />}</Loaded>
          )}
        </Panel>
      </div>
      {editing && policy.data && (
        <PolicyForm
          policy={policy.data.policy}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            policy.reload();
            overview.reload();
          }}
        />
      )}
    </div>
  );
}
