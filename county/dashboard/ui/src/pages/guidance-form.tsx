// The 指导记录 form in a dialog: a new record at a station, or the correction of one (the hub keeps the old record
// and marks it corrected). Date, kind, what was done, problems found and the follow-up; the hub refuses a day after
// today or one that is not a date, and the refusal shows beside the buttons with nothing typed lost.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useAction } from '../use-action.ts';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import type { GuidanceKind, GuidanceRecord } from '../api-types.ts';

export const GUIDANCE_KINDS: readonly GuidanceKind[] = ['on_site', 'remote', 'training', 'attended'];

export function GuidanceForm({ stationId, stationName, today, correcting, onSaved, onClose }: { stationId: string; stationName: string; today: string; correcting: GuidanceRecord | null; onSaved: () => void; onClose: () => void }) {
  const [visitedOn, setVisitedOn] = useState(correcting?.visitedOn ?? today);
  const [kind, setKind] = useState<GuidanceKind>(correcting?.kind ?? 'on_site');
  const [done, setDone] = useState(correcting?.done ?? '');
  const [problems, setProblems] = useState(correcting?.problems ?? '');
  const [followUp, setFollowUp] = useState(correcting?.followUp ?? '');
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { visitedOn, kind, done, problems, followUp };
    const url = correcting ? `/api/county/guidance/${encodeURIComponent(correcting.id)}/correction` : `/api/county/stations/${encodeURIComponent(stationId)}/guidance`;
    const saved = await action.run(() => api.post(url, body), t('guidance.saved'));
    if (saved !== undefined) onSaved();
  };
  return (
    <FormDialog title={correcting ? t('guidance.correct.title') : t('guidance.add.title', { name: stationName })} formId="guidance-form" onSubmit={submit} onClose={onClose} action={action} footerError testid="guidance-form">
      {correcting && <p class="field-hint">{t('guidance.correct.note')}</p>}
      <Field label={t('guidance.field.date')}>
        <input name="visitedOn" type="date" max={today} value={visitedOn} onInput={(e) => setVisitedOn(inputValue(e))} />
      </Field>
      <Field label={t('guidance.field.kind')}>
        <select name="kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as GuidanceKind)}>
          {GUIDANCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`guidance.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('guidance.field.done')}>
        <textarea name="done" rows={3} maxLength={2000} value={done} onInput={(e) => setDone(inputValue(e))} required />
      </Field>
      <Field label={t('guidance.field.problems')}>
        <textarea name="problems" rows={2} maxLength={2000} value={problems} onInput={(e) => setProblems(inputValue(e))} />
      </Field>
      <Field label={t('guidance.field.followUp')}>
        <textarea name="followUp" rows={2} maxLength={2000} value={followUp} onInput={(e) => setFollowUp(inputValue(e))} />
      </Field>
    </FormDialog>
  );
}
