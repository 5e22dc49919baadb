// Add or edit one roster entry. Members are never deleted (attendance points at them): they leave with an end date.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import type { Member, MemberCategory, MemberInput } from '../../../api-types.ts';
import { adminApi } from '../admin-api.ts';
import { useAdmin } from '../admin-hooks.ts';
import { ChoiceField, DateField, Problem, TextField, ToggleGroup } from '../fields.tsx';
import { CATEGORY_KEYS } from '../admin-labels.ts';
import { useConfirmedWrite } from '../history-confirm.tsx';
import { FormPage } from '../form-page.tsx';

const CATEGORIES: MemberCategory[] = ['full', 'probationary', 'mobile_in', 'activist', 'applicant', 'other'];

/** Empty text means "not known": the agent stores null, never an empty string. */
function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

export function MemberForm(props: { member: Member | null; today: string; onDone: () => void }) {
  const { notify } = useAdmin();
  const m = props.member;
  const [name, setName] = useState(m?.name ?? '');
  const [gender, setGender] = useState<'male' | 'female' | 'none'>(m?.gender ?? 'none');
  const [category, setCategory] = useState<MemberCategory>(m?.category ?? 'full');
  const [hardship, setHardship] = useState<'yes' | 'no'>(m?.hardship ? 'yes' : 'no');
  const [branch, setBranch] = useState(m?.branch ?? '');
  const [card, setCard] = useState(m?.cardUid ?? '');
  const [phone, setPhone] = useState(m?.phone ?? '');
  const [activeFrom, setActiveFrom] = useState(m?.activeFrom ?? '');
  const [activeTo, setActiveTo] = useState(m?.activeTo ?? '');
  /** A change that alters records already made is asked about before it is sent again. */
  const write = useConfirmedWrite();
  const ref = useRef<HTMLFormElement>(null);

  useBackHandler(props.onDone);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);

  const save = () => {
    const body: MemberInput = {
      name: name.trim(),
      gender: gender === 'none' ? null : gender,
      category,
      hardship: hardship === 'yes',
      branch: orNull(branch),
      cardUid: orNull(card),
      phone: orNull(phone),
      activeFrom: orNull(activeFrom),
      activeTo: orNull(activeTo),
    };
    void write.run(
      (confirm) => {
        const query = confirm ? '?confirm=true' : '';
        return m ? adminApi.put<Member>(`/api/admin/members/${m.id}${query}`, body) : adminApi.post<Member>(`/api/admin/members${query}`, body);
      },
      (saved) => {
        notify(t(m ? 'admin.member.updated' : 'admin.member.added', { name: saved.name }));
        props.onDone();
      },
    );
  };

  return (
    <FormPage
      title={m ? t('admin.member.editTitle', { name: m.name }) : t('admin.member.newTitle')}
      testId="member-form"
      formRef={ref}
      onSubmit={save}
      after={write.question}
    >
      <TextField label={t('admin.roster.col.name')} value={name} onInput={setName} maxLength={40} testId="member-name" />
      <ToggleGroup
        label={t('admin.roster.col.gender')}
        value={gender}
        options={[
          { value: 'male', label: t('admin.gender.male') },
          { value: 'female', label: t('admin.gender.female') },
          { value: 'none', label: t('admin.gender.none') },
        ]}
        onChange={setGender}
      />
      <ChoiceField label={t('admin.roster.col.category')} value={category} columns={2} options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_KEYS[c]) }))} onChange={setCategory} testId="member-category" />
      <ToggleGroup
        label={t('admin.member.hardship')}
        value={hardship}
        options={[
          { value: 'no', label: t('admin.member.hardship.no') },
          { value: 'yes', label: t('admin.member.hardship.yes') },
        ]}
        onChange={setHardship}
      />
      <TextField label={t('admin.roster.col.branch')} value={branch} onInput={setBranch} maxLength={60} wide testId="member-branch" />
      <TextField label={t('admin.roster.col.card')} value={card} onInput={setCard} maxLength={64} hint={t('admin.member.cardHint')} testId="member-card" />
      <TextField label={t('admin.roster.col.phone')} value={phone} onInput={setPhone} maxLength={11} inputMode="tel" hint={t('admin.member.phoneHint')} testId="member-phone" />
      <DateField label={t('admin.member.activeFrom')} value={activeFrom} today={props.today} optional onChange={setActiveFrom} hint={t('admin.member.activeFromHint')} testId="member-from" />
      <DateField label={t('admin.member.activeTo')} value={activeTo} today={props.today} optional onChange={setActiveTo} hint={t('admin.member.activeToHint')} testId="member-to" />
      <Problem text={write.problem} testId="member-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={write.busy} data-testid="member-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
