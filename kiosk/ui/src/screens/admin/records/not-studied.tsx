// 记录 › 未学习: the registered members who have not studied in the month yet (make-up showings included), who
// has made up (补学), and what the month still needs — so the administrator knows whom a make-up showing is for.
// The figures are the monthly report's (GET /api/admin/reports/month/:month); rows are focusable for the remote.
import { t } from '../../../i18n/i18n.ts';
import type { MonthlyReport } from '../../../api-types.ts';
import { useAdminResource } from '../admin-hooks.ts';
import { Problem } from '../fields.tsx';

export function NotStudied(props: { month: string }) {
  const report = useAdminResource<MonthlyReport>(`/api/admin/reports/month/${props.month}`);
  const r = report.data?.month === props.month ? report.data : null;
  if (report.error) return <Problem text={report.error} />;
  if (!r) return <p>{t('common.loading')}</p>;
  const { notStudied, members } = r.makeUp;
  return (
    <div class="adm-not-studied" data-testid="not-studied">
      <p class={`adm-compliance ${r.compliance.shortfalls.length > 0 ? 'compliance-short' : ''}`} data-testid="records-compliance">
        {t('makeUp.records.compliance')}：{r.compliance.text}
      </p>
      <h3 class="adm-h3">{t('makeUp.records.notStudiedTitle', { n: notStudied.length })}</h3>
      {notStudied.length === 0 ? (
        <p class="adm-empty">{t('makeUp.records.allStudied')}</p>
      ) : (
        <ul class="adm-name-grid" data-testid="not-studied-list">
          {notStudied.map((m) => (
            <li key={m.id} tabIndex={0} data-testid="not-studied-name">{m.name}</li>
          ))}
        </ul>
      )}
      <h3 class="adm-h3">{t('makeUp.records.madeUpTitle', { n: members.length })}</h3>
      {members.length === 0 ? (
        <p class="adm-empty">{t('makeUp.records.noneMadeUp')}</p>
      ) : (
        <ul class="adm-name-grid" data-testid="made-up-list">
          {members.map((m) => (
            <li key={m.id} tabIndex={0} data-testid="made-up-name">
              {m.name} <span class="tag">{t('makeUp.tag')}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="adm-hint">{t('makeUp.records.hint')}</p>
    </div>
  );
}
