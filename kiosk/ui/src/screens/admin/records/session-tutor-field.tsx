// 学习辅导员 in the admin's session view: who led the viewing, as its sign-in sheet prints it. The administrator
// may set or change it, also after the viewing ended (the door's choice, checkin/tutor-choice.tsx, is gone by
// then); in a month whose records were already printed, exported or reported the agent asks first
// (history_confirm_needed) and 确认 sends it again with confirm=true. Other roles see the name only.
import { t } from '../../../i18n/i18n.ts';
import type { AdminMe, SessionView, Tutors } from '../../../api-types.ts';
import { adminApi } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { ChoiceButton, Field, Problem } from '../fields.tsx';
import { useConfirmedWrite } from '../history-confirm.tsx';

export function SessionTutorField(props: { view: SessionView; onChanged: () => void }) {
  const { notify } = useAdmin();
  const me = useAdminResource<AdminMe>('/api/admin/me');
  const tutors = useAdminResource<Tutors>('/api/tutors');
  const write = useConfirmedWrite({ record: true });
  const session = props.view.session;
  if (session.kind !== 'group_viewing') return null;
  const list = tutors.data?.tutors ?? [];
  const mayChange = me.data?.account.role === 'administrator' && list.length > 0;

  const choose = (tutor: Tutors['tutors'][number]) =>
    void write.run(
      (confirm) => adminApi.post(`/api/admin/sessions/${session.id}/tutor${confirm ? '?confirm=true' : ''}`, { accountId: tutor.id }),
      () => {
        notify(t('admin.records.tutorSaved', { name: tutor.name }));
        props.onChanged();
      },
    );

  return (
    <div data-testid="session-tutor">
      <Field label={t('admin.records.tutor')}>
        {mayChange ? (
          <ChoiceButton<number>
            label={t('admin.records.tutor')}
            value={list.find((tu) => tu.name === session.tutor)?.id ?? null}
            placeholder={session.tutor ?? t('admin.records.tutorNone')}
            options={list.map((tu) => ({ value: tu.id, label: tu.name }))}
            onChange={(id) => choose(list.find((tu) => tu.id === id)!)}
            testId="session-tutor-choice"
          />
        ) : (
          <span data-testid="session-tutor-name">{session.tutor ?? t('admin.records.tutorNone')}</span>
        )}
      </Field>
      <Problem text={write.problem} />
      {write.question}
    </div>
  );
}
