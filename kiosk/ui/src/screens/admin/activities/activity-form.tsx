// 登记支部活动: one activity as it was held — kind, day and time, place, host, topic, minutes. Saved once; a record
// is never edited afterwards (a wrong one is withdrawn and entered again), which the form says.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import type { ActivityAnswer, ActivityKind } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin } from '../admin-hooks.ts';
import { DateField, Field, Problem, TextField, TimeField, ToggleGroup } from '../fields.tsx';
import { FormPage } from '../form-page.tsx';
import { ACTIVITY_KINDS, ACTIVITY_KIND_KEYS } from './activity-labels.ts';

export function ActivityForm(props: { today: string; onDone: () => void }) {
  const { notify } = useAdmin();
  const [kind, setKind] = useState<ActivityKind>('committee');
  const [date, setDate] = useState(props.today);
  const [start, setStart] = useState('19:30');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState('党员活动室');
  const [host, setHost] = useState('');
  const [topic, setTopic] = useState('');
  const [minutes, setMinutes] = useState('');
  const [branch, setBranch] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  useBackHandler(props.onDone);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);

  const save = async () => {
    setProblem(null);
    if (place.trim() === '' || host.trim() === '' || topic.trim() === '') {
      setProblem(t('admin.activities.needed'));
      return;
    }
    setSaving(true);
    try {
      const body = { kind, date, startTime: start, endTime: end.trim() === '' ? null : end.trim(), place, host, topic, minutes, branch: branch.trim() === '' ? null : branch.trim() };
      const saved = await adminApi.post<ActivityAnswer>('/api/admin/activities', body);
      notify(t('admin.activities.saved', { n: saved.activity.id }));
      props.onDone();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPage title={t('admin.activities.newTitle')} testId="activity-form" formRef={ref} onSubmit={() => void save()}>
      <ToggleGroup label={t('admin.activities.field.kind')} value={kind} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(ACTIVITY_KIND_KEYS[k]) }))} onChange={setKind} testId="activity-kind" />
      <DateField label={t('admin.activities.field.date')} value={date} today={props.today} onChange={setDate} testId="activity-date" />
      <TimeField label={t('admin.activities.field.start')} value={start} onChange={setStart} testId="activity-start" />
      <TimeField label={t('admin.activities.field.end')} value={end} onChange={setEnd} testId="activity-end" />
      <TextField label={t('admin.activities.field.place')} value={place} onInput={setPlace} maxLength={100} testId="activity-place" />
      <TextField label={t('admin.activities.field.host')} value={host} onInput={setHost} maxLength={50} testId="activity-host" />
      <TextField label={t('admin.activities.field.topic')} value={topic} onInput={setTopic} maxLength={200} wide testId="activity-topic" />
      <Field label={t('admin.activities.field.minutes')} hint={t('admin.activities.fixedHint')}>
        <textarea
          class="adm-input adm-input-wide adm-textarea"
          aria-label={t('admin.activities.field.minutes')}
          value={minutes}
          maxLength={20_000}
          rows={4}
          data-testid="activity-minutes"
          onInput={(e) => setMinutes((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </Field>
      <TextField label={t('admin.activities.field.branch')} value={branch} onInput={setBranch} maxLength={100} testId="activity-branch" />
      <Problem text={problem} testId="activity-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} data-testid="activity-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
