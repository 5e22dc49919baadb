// Correcting a published notice (text, last day shown) in a dialog. Stations replace the old text at their
// next contact; the hub refuses what it would refuse for a new notice, and says so inside the dialog.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useAction } from '../use-action.ts';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { UnitSelect, chosenUnit, unitChoice } from '../components/unit-select.tsx';
import { TargetSelect, targetBody, targetOfRecord, targetProblem } from '../components/target-select.tsx';
import { useApi } from '../use-api.ts';
import type { CountyNoticeRecord, UnitsAnswer } from '../api-types.ts';

export const MAX_NOTICE_TEXT = 500;

export function NoticeEdit({ notice, onSaved, onClose }: { notice: CountyNoticeRecord; onSaved: () => void; onClose: () => void }) {
  const [text, setText] = useState(notice.text);
  const [until, setUntil] = useState(notice.until ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  // On a hub with an org tree the notice may go to another unit of the administrator's subtree.
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [unitId, setUnitId] = useState<string | null>(null);
  const unit = unitId ?? unitChoice(tree, notice.unitId);
  const [target, setTarget] = useState(targetOfRecord(notice));
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (text.trim() === '') return setProblem(t('notices.error.text'));
    setProblem(null);
    if (targetProblem(target) !== null) return;
    const body = { text: text.trim(), until: until === '' ? null : until, ...(tree && tree.units.length > 0 ? { unitId: chosenUnit(tree, unit) } : {}), ...targetBody(target) };
    const saved = await action.run(() => api.put(`/api/county/notices/${notice.id}`, body), t('notices.saved'));
    if (saved !== undefined) onSaved();
  };

  return (
    <FormDialog title={t('notices.edit.title')} formId="notice-edit" onSubmit={submit} onClose={onClose} action={action} testid="notice-edit">
      <Field label={t('notices.text')} error={problem ?? action.error} hint={t('notices.count', { n: text.length })}>
        <textarea name="text" rows={4} maxLength={MAX_NOTICE_TEXT} value={text} onInput={(e) => setText(inputValue(e))} />
      </Field>
      <Field label={t('notices.until')}>
        <input type="date" name="until" value={until} onInput={(e) => setUntil(inputValue(e))} />
      </Field>
      <UnitSelect tree={tree} value={unit} onChange={setUnitId} label={t('units.reach')} />
      <TargetSelect value={target} onChange={setTarget} unitId={unit} error={targetProblem(target)} />
    </FormDialog>
  );
}
