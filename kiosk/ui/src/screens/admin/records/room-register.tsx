// 记录 › 场所登记: the month's room usage register — viewings by themselves, other uses entered here (登记使用) —
// with 撤销 on a hand entry (a removal with its reason; the entry stays, marked) and 打印 through the print preview.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import type { RoomRegister, RoomRegisterLine, RoomUseAnswer } from '../../../api-types.ts';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { rememberFocus, restoreFocus, useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { DateField, NumberField, Problem, TextField, TimeField, dayTitle } from '../fields.tsx';
import { FormPage } from '../form-page.tsx';
import { PrintDialog, SaveOutcome, useExportSave } from './records-exports.tsx';
import { SaveButtons } from './weekly-report.tsx';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'remove'; line: RoomRegisterLine } | { kind: 'print' };

export function RoomRegister(props: { month: string; today: string }) {
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const exporting = useExportSave();
  const register = useAdminResource<RoomRegister>(`/api/admin/room-uses?month=${props.month}`);
  useStationEvents(['data_changed'], () => register.reload());
  const back = useStable(() => {
    setMode({ kind: 'list' });
    restoreFocus();
    register.reload();
  });

  if (mode.kind === 'add') return <RoomUseForm today={props.today} onDone={back} />;
  if (mode.kind === 'remove') return <RemovalForm line={mode.line} onDone={back} />;
  const lines = register.data?.month === props.month ? register.data.lines : [];
  return (
    <div data-testid="room-register">
      <div class="adm-log-bar">
        <button type="button" class="btn btn-primary" data-testid="room-add" data-focus-key="room-add" onClick={() => (rememberFocus(), setMode({ kind: 'add' }))}>
          {t('room.add')}
        </button>
        <button type="button" class="btn" data-testid="room-print" data-focus-key="room-print" onClick={() => (rememberFocus(), setMode({ kind: 'print' }))}>
          {t('room.print')}
        </button>
        <SaveButtons item={{ id: `room-${props.month}`, kind: 'room-register', params: { month: props.month } }} state={exporting} label={t('room.title')} />
      </div>
      <SaveOutcome state={exporting} />
      <Problem text={register.error} />
      {register.data && lines.length === 0 && <p class="adm-empty" data-testid="room-empty">{t('room.empty')}</p>}
      {lines.length > 0 && (
        <table class="adm-table" data-testid="room-table">
          <thead>
            <tr>
              <th>{t('room.col.date')}</th>
              <th>{t('room.col.time')}</th>
              <th>{t('room.col.purpose')}</th>
              <th>{t('room.col.organiser')}</th>
              <th>{t('room.col.headcount')}</th>
              <th>{t('room.col.source')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={`${l.source}-${l.useId ?? i}`} data-testid="room-row" class={l.removed ? 'adm-row-gone' : ''}>
                <td class="num">{dayTitle(l.date)}</td>
                <td class="num">{`${l.from}–${l.to}`}</td>
                <td>{l.purpose}</td>
                <td>{l.organiser || '—'}</td>
                <td class="num">{l.headcount}</td>
                <td>{l.removed ? `${t(`room.source.${l.source}`)} · ${t('room.removed')}` : t(`room.source.${l.source}`)}</td>
                <td class="adm-cell-actions">
                  {l.useId !== null && !l.removed && (
                    <button type="button" class="btn" data-testid="room-remove" data-focus-key={`room-remove-${l.useId}`} onClick={() => (rememberFocus(), setMode({ kind: 'remove', line: l }))}>
                      {t('room.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mode.kind === 'print' && <PrintDialog item={{ kind: 'room-register', params: { month: props.month }, label: t('room.title') }} onClose={back} />}
    </div>
  );
}

function useFirstFocus(ref: { current: HTMLFormElement | null }): void {
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);
}

function RoomUseForm(props: { today: string; onDone: () => void }) {
  const { notify } = useAdmin();
  const [date, setDate] = useState(props.today);
  const [from, setFrom] = useState('14:00');
  const [to, setTo] = useState('16:00');
  const [purpose, setPurpose] = useState('');
  const [organiser, setOrganiser] = useState('');
  const [headcount, setHeadcount] = useState(10);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useBackHandler(props.onDone);
  useFirstFocus(ref);
  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      if (purpose.trim() === '') throw new Error(t('room.purposeNeeded'));
      const { use } = await adminApi.post<RoomUseAnswer>('/api/admin/room-uses', { date, from, to, purpose, organiser, headcount });
      notify(t('room.saved', { n: use.id }));
      props.onDone();
    } catch (err) {
      setProblem(err instanceof Error && !('status' in err) ? err.message : failureText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <FormPage title={t('room.formTitle')} testId="room-form" formRef={ref} onSubmit={() => void save()}>
      <DateField label={t('room.date')} value={date} today={props.today} onChange={setDate} testId="room-date" />
      <TimeField label={t('room.from')} value={from} onChange={setFrom} testId="room-from" />
      <TimeField label={t('room.to')} value={to} onChange={setTo} testId="room-to" />
      <TextField label={t('room.purpose')} hint={t('room.purposeHint')} value={purpose} onInput={setPurpose} maxLength={100} wide testId="room-purpose" />
      <TextField label={t('room.organiser')} value={organiser} onInput={setOrganiser} maxLength={60} testId="room-organiser" />
      <NumberField label={t('room.headcount')} value={headcount} onChange={setHeadcount} min={0} max={10_000} testId="room-headcount" />
      <Problem text={problem} testId="room-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} data-testid="room-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}

function RemovalForm(props: { line: RoomRegisterLine; onDone: () => void }) {
  const { notify } = useAdmin();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useBackHandler(props.onDone);
  useFirstFocus(ref);
  const id = props.line.useId!;
  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      await adminApi.post(`/api/admin/room-uses/${id}/removal`, { reason });
      notify(t('room.removedDone', { n: id }));
      props.onDone();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <FormPage title={t('room.removeTitle', { n: id, purpose: props.line.purpose })} testId="room-removal-form" formRef={ref} onSubmit={() => void save()}>
      <TextField label={t('room.reason')} hint={t('room.reasonHint')} value={reason} onInput={setReason} maxLength={200} wide testId="room-reason" />
      <Problem text={problem} testId="room-removal-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-danger" disabled={saving} data-testid="room-removal-save">{t('room.remove')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
