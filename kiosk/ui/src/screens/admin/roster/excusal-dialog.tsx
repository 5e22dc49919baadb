// 请假: excuse a member for a month (left out of both sides of that month's rate), or take the excusal back. In a
// month whose records were already printed, exported or reported the agent asks first (history_confirm_needed):
// the same question as a roster change, 确认 sends it again with confirm=true.
import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.tsx';
import { t } from '../../../i18n/i18n.ts';
import type { Member, MonthlyReport } from '../../../api-types.ts';
import { adminApi } from '../admin-api.ts';
import { useConfirmedWrite } from '../history-confirm.tsx';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { Field, Problem, TextInput, monthTitle } from '../fields.tsx';
import { shiftMonth } from '../schedule/local-dates.pure.ts';

export function ExcusalDialog(props: { member: Member; month: string; onClose: () => void }) {
  const { notify } = useAdmin();
  const [month, setMonth] = useState(props.month);
  const [reason, setReason] = useState('');
  const write = useConfirmedWrite({ record: true });
  const report = useAdminResource<MonthlyReport>(`/api/admin/reports/month/${month}`);
  const current = report.data?.month === month ? report.data.excusedMembers.find((e) => e.id === props.member.id) : undefined;
  const path = `/api/admin/members/${props.member.id}/excusals/${month}`;

  /** `call(query)` with '' first, and with '?confirm=true' once the person confirmed changing issued records. */
  const run = (call: (query: string) => Promise<unknown>, done: string) =>
    void write.run(
      (confirm) => call(confirm ? '?confirm=true' : ''),
      () => {
        notify(done);
        props.onClose();
      },
    );

  return (
    <Dialog title={t('admin.excusal.title', { name: props.member.name })} onClose={props.onClose} testId="excusal-dialog">
      <Field label={t('admin.excusal.month')}>
        <button type="button" class="btn" aria-label={t('admin.records.prevMonth')} data-testid="excusal-prev-month" onClick={() => setMonth(shiftMonth(month, -1))}>◀</button>
        <span class="adm-month-label">{monthTitle(month)}</span>
        <button type="button" class="btn" aria-label={t('admin.records.nextMonth')} onClick={() => setMonth(shiftMonth(month, 1))}>▶</button>
      </Field>
      <p class="adm-confirm-text" data-testid="excusal-state">
        {report.loading ? t('common.loading') : current ? t('admin.excusal.current', { month: monthTitle(month), reason: current.reason }) : t('admin.excusal.none', { month: monthTitle(month) })}
      </p>
      <Field label={t('admin.excusal.reason')}>
        <TextInput label={t('admin.excusal.reason')} value={reason} onInput={setReason} maxLength={100} wide placeholder={t('admin.excusal.reasonPlaceholder')} testId="excusal-reason" />
      </Field>
      <Problem text={write.problem} />
      <div class="adm-actions">
        <button
          type="button"
          class="btn btn-primary"
          data-testid="excusal-save"
          disabled={write.busy}
          onClick={() => run((q) => adminApi.put(path + q, { reason: reason.trim() }), t('admin.excusal.saved', { name: props.member.name, month: monthTitle(month) }))}
        >
          {t('admin.excusal.save')}
        </button>
        {current && (
          <button type="button" class="btn btn-danger" disabled={write.busy} onClick={() => run((q) => adminApi.del(path + q), t('admin.excusal.cleared', { name: props.member.name, month: monthTitle(month) }))}>
            {t('admin.excusal.clear')}
          </button>
        )}
        <button type="button" class="btn" onClick={props.onClose}>{t('common.close')}</button>
      </div>
      {write.question}
    </Dialog>
  );
}
