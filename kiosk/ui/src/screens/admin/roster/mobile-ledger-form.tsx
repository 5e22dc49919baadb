// 登记流动: one entry of the mobile-member ledger — a flow in (a new roster entry as 流入党员), out, or back, or a
// correction of an earlier entry (a new entry; the earlier one stays). A change that alters months already
// reported asks first, as the member form does.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import type { FlowKind, LedgerEntry, Member, Members } from '../../../api-types.ts';
import { FLOW_KEYS } from '../admin-labels.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { ChoiceField, DateField, Problem, TextField, ToggleGroup } from '../fields.tsx';
import { useConfirmedWrite } from '../history-confirm.tsx';
import { FormPage } from '../form-page.tsx';

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** Who a flow out or back may name: members of ours on the roster for a flow out; for a return, flowed-in members and those who left. */
function candidates(members: readonly Member[], kind: FlowKind, today: string): Member[] {
  const onRoster = (m: Member) => m.activeTo === null || m.activeTo >= today;
  return members.filter((m) => (kind === 'flow_out' ? onRoster(m) && m.category !== 'mobile_in' : m.category === 'mobile_in' ? onRoster(m) : !onRoster(m)));
}

export function MobileLedgerForm(props: { today: string; correcting: LedgerEntry | null; onDone: () => void }) {
  const { notify } = useAdmin();
  const c = props.correcting;
  const [kind, setKind] = useState<FlowKind>(c?.kind ?? 'flow_in');
  const [memberId, setMemberId] = useState<number | null>(c?.memberId ?? null);
  const [name, setName] = useState('');
  const [branch, setBranch] = useState('');
  const [phone, setPhone] = useState('');
  const [date, setDate] = useState(c?.date ?? props.today);
  const [organisation, setOrganisation] = useState(c?.organisation ?? '');
  const [contact, setContact] = useState(c?.contact ?? '');
  const [certificate, setCertificate] = useState(c?.certificateNo ?? '');
  const [note, setNote] = useState(c?.note ?? '');
  // What the form itself finds missing is thrown before anything is sent, in the person's words already.
  const write = useConfirmedWrite({ describe: (err) => (err instanceof Error && !('status' in err) ? err.message : failureText(err)) });
  const members = useAdminResource<Members>(c === null ? '/api/admin/members' : null);
  const ref = useRef<HTMLFormElement>(null);

  useBackHandler(props.onDone);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);

  const save = () => {
    const who = c !== null ? {} : kind === 'flow_in' ? { person: { name: name.trim(), gender: null, branch: orNull(branch), phone: orNull(phone) } } : memberId === null ? {} : { memberId };
    const body = { kind, date, organisation: organisation.trim(), contact: orNull(contact), certificateNo: orNull(certificate), note: orNull(note), ...who, ...(c === null ? {} : { corrects: c.id }) };
    void write.run(
      async (confirm) => {
        if (c === null && kind === 'flow_in' && name.trim() === '') throw new Error(t('admin.ledger.nameNeeded'));
        if (c === null && kind !== 'flow_in' && memberId === null) throw new Error(t('admin.ledger.memberNeeded'));
        if (organisation.trim() === '') throw new Error(t('admin.ledger.orgNeeded'));
        return adminApi.post<LedgerEntry>(`/api/admin/mobile-ledger${confirm ? '?confirm=true' : ''}`, body);
      },
      (saved) => {
        notify(t('admin.ledger.saved', { name: saved.memberName, n: saved.id }));
        props.onDone();
      },
    );
  };

  const options = candidates(members.data?.members ?? [], kind, props.today).map((m) => ({ value: m.id, label: m.branch ? `${m.name}（${m.branch}）` : m.name }));
  return (
    <FormPage
      title={c === null ? t('admin.ledger.newTitle') : t('admin.ledger.correctTitle', { n: c.id, name: c.memberName })}
      testId="ledger-form"
      formRef={ref}
      onSubmit={save}
      after={write.question}
    >
      {c === null && (
        <ToggleGroup
          label={t('admin.ledger.kind')}
          value={kind}
          options={(['flow_in', 'flow_out', 'return'] as const).map((k) => ({ value: k, label: t(FLOW_KEYS[k]) }))}
          onChange={(k) => {
            setKind(k);
            setMemberId(null);
          }}
          testId="ledger-kind"
        />
      )}
      {c === null && kind === 'flow_in' && (
        <>
          <TextField label={t('admin.roster.col.name')} value={name} onInput={setName} maxLength={40} testId="ledger-name" />
          <TextField label={t('admin.roster.col.branch')} value={branch} onInput={setBranch} maxLength={60} testId="ledger-branch" />
          <TextField label={t('admin.roster.col.phone')} value={phone} onInput={setPhone} maxLength={11} inputMode="tel" testId="ledger-phone" />
        </>
      )}
      {c === null && kind !== 'flow_in' && (
        <ChoiceField label={t('admin.ledger.member')} value={memberId} columns={3} options={options} placeholder={t('admin.ledger.chooseMember')} onChange={setMemberId} testId="ledger-member" />
      )}
      <DateField label={t('admin.ledger.date')} value={date} today={props.today} onChange={setDate} hint={t(kind === 'flow_in' ? 'admin.ledger.dateHintIn' : 'admin.ledger.dateHintOut')} testId="ledger-date" />
      <TextField label={t(kind === 'flow_in' ? 'admin.ledger.orgFrom' : kind === 'flow_out' ? 'admin.ledger.orgTo' : 'admin.ledger.org')} value={organisation} onInput={setOrganisation} maxLength={100} wide testId="ledger-org" />
      <TextField label={t('admin.ledger.contact')} value={contact} onInput={setContact} maxLength={100} testId="ledger-contact" />
      <TextField label={t('admin.ledger.certificate')} value={certificate} onInput={setCertificate} maxLength={40} testId="ledger-certificate" />
      <TextField label={t('admin.ledger.note')} value={note} onInput={setNote} maxLength={200} wide testId="ledger-note" />
      <Problem text={write.problem} testId="ledger-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={write.busy} data-testid="ledger-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
