// The program form: course, title, kind, recurrence, check-in window, and a live preview of the next showings.
// The agent computes the preview and judges the rule; its own words are shown when it refuses something.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { fmt, t } from '../../../i18n/i18n.ts';
import type { Courses, Occurrence, ProgramWithPreview, RulePreview, StationSettings, Weekday } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { ChoiceField, DateField, DateInput, Field, NumberField, Problem, TextField, TimeField, ToggleGroup, weekdayName, weekdayShort } from '../fields.tsx';
import { isLocalDate } from './local-dates.pure.ts';
import { RULE_TYPES, WEEKDAYS, newRuleForm, ruleFormFrom, ruleFrom, toggleDay, type RuleForm, type RuleType } from './rule-form.pure.ts';
import { FormPage } from '../form-page.tsx';

const PREVIEW_COUNT = 5;
/** Wait for a pause in typing before asking the agent, so a half-typed time is not refused at every key. */
const PREVIEW_DELAY_MS = 250;

const RULE_TYPE_KEYS = { once: 'admin.rule.once', daily: 'admin.rule.daily', weekly: 'admin.rule.weekly', monthly: 'admin.rule.monthly' } as const;

type Preview = { ruleText: string; next: Occurrence[] } | { error: string } | null;

export function ProgramForm(props: { program: ProgramWithPreview | null; today: string; onSaved: () => void; onCancel: () => void }) {
  const { notify } = useAdmin();
  const editing = props.program;
  const courses = useAdminResource<Courses>('/api/admin/courses');
  const settings = useAdminResource<StationSettings>(editing ? null : '/api/admin/settings');
  const [courseId, setCourseId] = useState<number | null>(editing?.courseId ?? null);
  const [title, setTitle] = useState(editing?.ownTitle ?? '');
  const [kind, setKind] = useState(editing?.kind ?? 'group_viewing');
  const [rule, setRule] = useState<RuleForm>(editing ? ruleFormFrom(editing.rule, props.today) : newRuleForm(props.today));
  const [opensBefore, setOpensBefore] = useState(editing?.checkinOpensBeforeMin ?? 15);
  const [closesAfter, setClosesAfter] = useState(editing?.checkinClosesAfterMin ?? 30);
  const [notes, setNotes] = useState(editing?.notes ?? '');
  // 补学: a make-up showing for the members who missed the month's viewing (docs/domain.md).
  const [makeUp, setMakeUp] = useState<'regular' | 'make_up'>(editing?.makeUp ? 'make_up' : 'regular');
  const [exceptText, setExceptText] = useState('');
  const [preview, setPreview] = useState<Preview>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  useBackHandler(props.onCancel);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);

  const playable = (courses.data?.courses ?? []).filter((c) => c.status === 'ready' || c.id === courseId);
  // A new program starts on the first playable course and the station's default check-in window.
  useEffect(() => {
    if (courseId === null && playable[0]) setCourseId(playable[0].id);
  }, [courses.data]);
  useEffect(() => {
    if (settings.data) {
      setOpensBefore(settings.data.checkinOpensBeforeMinutes);
      setClosesAfter(settings.data.checkinClosesAfterMinutes);
    }
  }, [settings.data]);

  const sentRule = ruleFrom(rule);
  const ruleKey = JSON.stringify(sentRule);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      adminApi
        .post<RulePreview>('/api/admin/programs/preview', { rule: sentRule, count: PREVIEW_COUNT })
        .then((answer) => live && setPreview(answer))
        .catch((err: unknown) => live && setPreview({ error: failureText(err) }));
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [ruleKey]);

  const patchRule = (patch: Partial<RuleForm>) => setRule((r) => ({ ...r, ...patch }));
  const addExcept = (date: string) => {
    if (isLocalDate(date)) {
      patchRule({ except: [...new Set([...rule.except, date])].sort() });
      setExceptText('');
    } else {
      setExceptText(date);
    }
  };

  const save = async () => {
    if (courseId === null) {
      setProblem(t('admin.program.needCourse'));
      return;
    }
    setSaving(true);
    setProblem(null);
    const body = {
      courseId,
      title: title.trim() === '' ? null : title.trim(),
      kind,
      rule: sentRule,
      checkinOpensBeforeMin: opensBefore,
      checkinClosesAfterMin: closesAfter,
      notes: notes.trim() === '' ? null : notes.trim(),
      makeUp: kind === 'group_viewing' && makeUp === 'make_up',
    };
    try {
      const saved = editing ? await adminApi.put<ProgramWithPreview>(`/api/admin/programs/${editing.id}`, body) : await adminApi.post<ProgramWithPreview>('/api/admin/programs', body);
      notify(t(editing ? 'admin.program.updated' : 'admin.program.added', { title: saved.title }));
      props.onSaved();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };

  const repeating = rule.type !== 'once';
  return (
    <FormPage
      title={editing ? t('admin.program.editTitle', { title: editing.title }) : t('admin.program.newTitle')}
      testId="program-form"
      formRef={ref}
      onSubmit={() => void save()}
      aside={
        <aside class="adm-preview" aria-live="polite" data-testid="rule-preview">
          <h3 class="adm-h3">{t('admin.program.preview')}</h3>
          {preview === null && <p>{t('common.loading')}</p>}
          {preview && 'error' in preview && <p class="adm-problem" data-testid="preview-problem">{preview.error}</p>}
          {preview && 'next' in preview && (
            <>
              <p class="adm-preview-rule" data-testid="preview-rule">{preview.ruleText}</p>
              {preview.next.length === 0 ? (
                <p class="adm-empty">{t('admin.program.noOccurrences')}</p>
              ) : (
                <ol class="adm-preview-list">
                  {preview.next.map((o) => (
                    <li key={o.startsAt} data-testid="preview-occurrence">
                      {fmt.shortDate(o.startsAt)} {fmt.time(o.startsAt)}
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
        </aside>
      }
    >
      <ChoiceField
        label={t('admin.program.course')}
        value={courseId}
        columns={2}
        placeholder={courses.loading ? t('common.loading') : t('admin.program.noCourse')}
        options={playable.map((c) => ({ value: c.id, label: c.series ? `${c.title}（${c.series}）` : c.title }))}
        onChange={setCourseId}
        testId="program-course"
      />
      <TextField label={t('admin.program.title')} value={title} onInput={setTitle} placeholder={t('admin.program.titlePlaceholder')} maxLength={80} wide testId="program-title" />
      <ToggleGroup
        label={t('admin.program.kind')}
        value={kind}
        options={[
          { value: 'group_viewing', label: t('common.groupViewing') },
          { value: 'background', label: t('common.background') },
        ]}
        onChange={setKind}
        testId="program-kind"
      />
      {kind === 'group_viewing' && (
        <ToggleGroup
          label={t('makeUp.program.label')}
          value={makeUp}
          options={[
            { value: 'regular', label: t('makeUp.program.regular') },
            { value: 'make_up', label: t('makeUp.program.makeUp') },
          ]}
          onChange={setMakeUp}
          testId="program-make-up"
        />
      )}
      <ToggleGroup<RuleType>
        label={t('admin.program.repeat')}
        value={rule.type}
        options={RULE_TYPES.map((type) => ({ value: type, label: t(RULE_TYPE_KEYS[type]) }))}
        onChange={(type) => patchRule({ type })}
        testId="rule-type"
      />
      {rule.type === 'once' && <DateField label={t('admin.program.date')} value={rule.date} today={props.today} onChange={(date) => patchRule({ date })} testId="rule-date" />}
      {rule.type === 'weekly' && (
        <Field label={t('admin.program.weekdays')} testId="rule-days">
          <div class="adm-toggles" role="group" aria-label={t('admin.program.weekdays')}>
            {WEEKDAYS.map((d: Weekday) => (
              <button
                key={d}
                type="button"
                class={`btn adm-toggle adm-day-toggle ${rule.days.includes(d) ? 'adm-on' : ''}`}
                aria-pressed={rule.days.includes(d)}
                aria-label={weekdayName(d)}
                data-testid={`weekday-${d}`}
                onClick={() => patchRule({ days: toggleDay(rule.days, d) })}
              >
                {weekdayShort(d)}
              </button>
            ))}
          </div>
        </Field>
      )}
      {rule.type === 'monthly' && (
        <ChoiceField<number | 'last'>
          label={t('admin.program.monthDay')}
          value={rule.monthDay}
          columns={7}
          options={[...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: t('admin.program.dayN', { n: i + 1 }) })), { value: 'last', label: t('admin.program.lastDay') }]}
          onChange={(monthDay) => patchRule({ monthDay })}
          testId="rule-month-day"
        />
      )}
      <TimeField label={t('admin.program.time')} value={rule.time} onChange={(time) => patchRule({ time })} testId="rule-time" />
      {repeating && (
        <>
          <DateField label={t('admin.program.from')} value={rule.from} today={props.today} optional onChange={(from) => patchRule({ from })} hint={t('admin.program.openEnded')} testId="rule-from" />
          <DateField label={t('admin.program.until')} value={rule.until} today={props.today} optional onChange={(until) => patchRule({ until })} hint={t('admin.program.openEnded')} testId="rule-until" />
          <Field label={t('admin.program.except')}>
            <div class="adm-chips">
              {rule.except.map((d) => (
                <button key={d} type="button" class="btn adm-chip" aria-label={t('admin.program.removeExcept', { date: d })} onClick={() => patchRule({ except: rule.except.filter((x) => x !== d) })}>
                  {d} ✕
                </button>
              ))}
              <DateInput label={t('admin.program.addExcept')} value={exceptText} today={props.today} onChange={addExcept} testId="rule-except" />
            </div>
          </Field>
        </>
      )}
      {kind === 'group_viewing' && (
        <>
          <NumberField label={t('admin.program.opensBefore')} value={opensBefore} min={0} max={240} step={5} unit={t('admin.minutesUnit')} onChange={setOpensBefore} testId="program-opens" />
          <NumberField label={t('admin.program.closesAfter')} value={closesAfter} min={0} max={480} step={5} unit={t('admin.minutesUnit')} onChange={setClosesAfter} testId="program-closes" />
        </>
      )}
      <TextField label={t('admin.program.notes')} value={notes} onInput={setNotes} maxLength={500} wide testId="program-notes" />
      <Problem text={problem} testId="program-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} data-testid="program-save">{t('common.save')}</button>
        <button type="button" class="btn" data-testid="program-cancel" onClick={props.onCancel}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
