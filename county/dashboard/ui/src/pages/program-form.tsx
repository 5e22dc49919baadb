// The county program form (new or edit): title and kind, when it runs, the course (a stream address or a
// distributed file's hash) and the check-in window. Checked here first so a person sees what is missing
// beside the field; the hub's own refusal shows at the bottom.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { useAction } from '../use-action.ts';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { UnitSelect, chosenUnit, unitChoice } from '../components/unit-select.tsx';
import { TargetSelect, targetBody, targetOfRecord, targetProblem } from '../components/target-select.tsx';
import { useApi } from '../use-api.ts';
import { WEEKDAYS, ruleFields, ruleFrom, type RuleFields } from './program-rule.ts';
import type { CountyProgram, CountyProgramInput, UnitsAnswer } from '../api-types.ts';

type Problems = Partial<Record<'title' | 'rule' | 'course' | 'source' | 'window', MessageKey>> & { target?: string };

const DAYS_OF_MONTH = Array.from({ length: 31 }, (_, i) => String(i + 1));

function minutes(value: string): number | null {
  return /^\d+$/.test(value) && Number(value) <= 480 ? Number(value) : null;
}

export function ProgramForm({ program, onSaved, onClose }: { program: CountyProgram | null; onSaved: () => void; onClose: () => void }) {
  const [title, setTitle] = useState(program?.title ?? '');
  const [kind, setKind] = useState<CountyProgramInput['kind']>(program?.kind ?? 'group_viewing');
  const [rule, setRule] = useState<RuleFields>(ruleFields(program?.rule ?? null));
  const [courseTitle, setCourseTitle] = useState(program?.course.title ?? '');
  const [source, setSource] = useState<'stream' | 'file'>(program?.course.sha256 ? 'file' : 'stream');
  const [streamUrl, setStreamUrl] = useState(program?.course.streamUrl ?? '');
  const [sha256, setSha256] = useState(program?.course.sha256 ?? '');
  const [duration, setDuration] = useState(program?.course.durationMs ? String(Math.round(program.course.durationMs / 60_000)) : '');
  const [opens, setOpens] = useState(String(program?.checkinOpensBeforeMin ?? 15));
  const [closes, setCloses] = useState(String(program?.checkinClosesAfterMin ?? 30));
  const [notes, setNotes] = useState(program?.notes ?? '');
  // On a hub with an org tree: the unit whose stations get the program (new: the administrator's own by default).
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [unitId, setUnitId] = useState<string | null>(null);
  const unit = unitId ?? unitChoice(tree, program?.unitId);
  const [target, setTarget] = useState(targetOfRecord(program));
  const [problems, setProblems] = useState<Problems>({});
  const action = useAction();
  const setRuleField = (patch: Partial<RuleFields>) => setRule({ ...rule, ...patch });

  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Problems = {};
    if (title.trim() === '') found.title = 'program.error.title';
    const parsedRule = ruleFrom(rule);
    if ('problem' in parsedRule) found.rule = parsedRule.problem;
    if (courseTitle.trim() === '') found.course = 'program.error.course';
    if (source === 'stream' && !/^https?:\/\/\S+$/.test(streamUrl.trim())) found.source = 'program.error.stream';
    if (source === 'file' && !/^[0-9a-f]{64}$/.test(sha256.trim().toLowerCase())) found.source = 'program.error.sha';
    const before = minutes(opens);
    const after = minutes(closes);
    if (before === null || after === null) found.window = 'program.error.minutes';
    const targetError = targetProblem(target);
    if (targetError !== null) found.target = targetError;
    setProblems(found);
    if (Object.keys(found).length > 0 || 'problem' in parsedRule) return;
    const body: CountyProgramInput & { unitId?: string | null; grades?: string[]; stationIds?: string[] } = {
      title: title.trim(),
      kind,
      rule: parsedRule,
      course: {
        title: courseTitle.trim(),
        streamUrl: source === 'stream' ? streamUrl.trim() : null,
        sha256: source === 'file' ? sha256.trim().toLowerCase() : null,
        durationMs: /^\d+$/.test(duration) && Number(duration) > 0 ? Number(duration) * 60_000 : null,
      },
      checkinOpensBeforeMin: before!,
      checkinClosesAfterMin: after!,
      notes: notes.trim() === '' ? null : notes.trim(),
      // Sent only where there is a tree; an edit sends the unit shown, so what is on screen is what is saved.
      ...(tree && tree.units.length > 0 && (program !== null || unit !== '') ? { unitId: chosenUnit(tree, unit) } : {}),
      ...targetBody(target),
    };
    const saved = await action.run(() => (program ? api.put(`/api/county/programs/${program.id}`, body) : api.post('/api/county/programs', body)), t('programs.saved'));
    if (saved !== undefined) onSaved();
  };

  const problem = (key: Exclude<keyof Problems, 'target'>) => (problems[key] ? t(problems[key]!) : null);

  return (
    <FormDialog
      title={program ? t('program.form.edit') : t('program.form.new')}
      formId="program-form"
      formClass="form form-grid"
      onSubmit={submit}
      onClose={onClose}
      action={action}
      footerError
      wide
      testid="program-form"
    >
      <Field label={t('program.title')} error={problem('title')} class="span-2">
        <input name="title" maxLength={200} value={title} onInput={(e) => setTitle(inputValue(e))} />
      </Field>
      <fieldset class="field">
        <legend class="field-label">{t('program.kind')}</legend>
        <div class="radios">
          {(['group_viewing', 'background'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} /> {t(`kind.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <UnitSelect tree={tree} value={unit} onChange={setUnitId} label={t('units.reach')} />
      <TargetSelect value={target} onChange={setTarget} unitId={unit} error={problems.target ?? null} />
      <Field label={t('program.rule.type')}>
        <select name="ruleType" value={rule.type} onChange={(e) => setRuleField({ type: (e.target as HTMLSelectElement).value as RuleFields['type'] })}>
          {(['once', 'daily', 'weekly', 'monthly'] as const).map((type) => (
            <option key={type} value={type}>
              {t(`rule.type.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      {rule.type === 'once' && (
        <Field label={t('rule.date')} error={problems.rule === 'program.error.date' ? problem('rule') : null}>
          <input type="date" name="date" value={rule.date} onInput={(e) => setRuleField({ date: inputValue(e) })} />
        </Field>
      )}
      {rule.type === 'weekly' && (
        <fieldset class={`field${problems.rule === 'program.error.days' ? ' field-invalid' : ''}`}>
          <legend class="field-label">{t('rule.days')}</legend>
          <div class="day-toggles">
            {WEEKDAYS.map((d) => (
              <label key={d} class={`day-toggle${rule.days.includes(d) ? ' on' : ''}`}>
                <input type="checkbox" checked={rule.days.includes(d)} onChange={() => setRuleField({ days: rule.days.includes(d) ? rule.days.filter((x) => x !== d) : [...rule.days, d] })} />
                {t(`weekday.${d}`)}
              </label>
            ))}
          </div>
          {problems.rule === 'program.error.days' && <span class="field-error">{problem('rule')}</span>}
        </fieldset>
      )}
      {rule.type === 'monthly' && (
        <Field label={t('rule.dayOfMonth')}>
          <select name="day" value={rule.day} onChange={(e) => setRuleField({ day: (e.target as HTMLSelectElement).value })}>
            {DAYS_OF_MONTH.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
            <option value="last">{t('rule.lastDay')}</option>
          </select>
        </Field>
      )}
      <Field label={t('rule.time')} error={problems.rule === 'program.error.time' ? problem('rule') : null}>
        <input type="time" name="time" value={rule.time} onInput={(e) => setRuleField({ time: inputValue(e) })} />
      </Field>
      {rule.type !== 'once' && (
        <>
          <Field label={t('rule.from')}>
            <input type="date" name="from" value={rule.from} onInput={(e) => setRuleField({ from: inputValue(e) })} />
          </Field>
          <Field label={t('rule.until')}>
            <input type="date" name="until" value={rule.until} onInput={(e) => setRuleField({ until: inputValue(e) })} />
          </Field>
        </>
      )}
      <Field label={t('course.title')} error={problem('course')} class="span-2">
        <input name="courseTitle" maxLength={200} value={courseTitle} onInput={(e) => setCourseTitle(inputValue(e))} />
      </Field>
      <fieldset class="field span-2">
        <legend class="field-label">{t('course.source')}</legend>
        <div class="radios">
          <label>
            <input type="radio" name="source" checked={source === 'stream'} onChange={() => setSource('stream')} /> {t('course.source.stream')}
          </label>
          <label>
            <input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} /> {t('course.source.file')}
          </label>
        </div>
      </fieldset>
      {source === 'stream' ? (
        <Field label={t('course.streamUrl')} error={problem('source')} class="span-2">
          <input name="streamUrl" type="url" maxLength={2000} placeholder="https://" value={streamUrl} onInput={(e) => setStreamUrl(inputValue(e))} />
        </Field>
      ) : (
        <Field label={t('course.sha256')} error={problem('source')} class="span-2">
          <input name="sha256" class="mono" maxLength={64} value={sha256} onInput={(e) => setSha256(inputValue(e))} />
        </Field>
      )}
      <Field label={t('course.duration')}>
        <input name="duration" inputMode="numeric" value={duration} onInput={(e) => setDuration(inputValue(e))} />
      </Field>
      <div />
      <Field label={t('program.checkinOpens')} error={problem('window')}>
        <input name="opens" inputMode="numeric" value={opens} onInput={(e) => setOpens(inputValue(e))} />
      </Field>
      <Field label={t('program.checkinCloses')}>
        <input name="closes" inputMode="numeric" value={closes} onInput={(e) => setCloses(inputValue(e))} />
      </Field>
      <Field label={t('program.notes')} class="span-2">
        <textarea name="notes" rows={2} maxLength={1000} value={notes} onInput={(e) => setNotes(inputValue(e))} />
      </Field>
    </FormDialog>
  );
}
