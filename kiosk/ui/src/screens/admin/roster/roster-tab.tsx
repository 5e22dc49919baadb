// 名册: the roster as a table, with add, edit, excusals (请假) for a month, and the import of a roster file.
import { useState } from 'preact/hooks';
import { stationTimeZone, t } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import type { Member, Members, MonthlyReport } from '../../../api-types.ts';
import { CATEGORY_KEYS } from '../admin-labels.ts';
import { rememberFocus, restoreFocus, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { Problem, TextInput } from '../fields.tsx';
import { localDateAt, monthOf } from '../schedule/local-dates.pure.ts';
import { MemberForm } from './member-form.tsx';
import { ExcusalDialog } from './excusal-dialog.tsx';
import { RosterImport } from './roster-import.tsx';
import { MobileLedger } from './mobile-ledger.tsx';

type View = { kind: 'list' } | { kind: 'edit'; member: Member | null } | { kind: 'import' } | { kind: 'ledger' };

function membership(m: Member, today: string): string {
  if (m.activeTo !== null && m.activeTo < today) return t('admin.roster.leftOn', { date: m.activeTo });
  if (m.activeFrom !== null && m.activeFrom > today) return t('admin.roster.fromDate', { date: m.activeFrom });
  return t('admin.roster.active');
}

export function RosterTab() {
  const today = localDateAt(station.now(), stationTimeZone());
  const month = monthOf(today);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [query, setQuery] = useState('');
  const [excusing, setExcusing] = useState<Member | null>(null);
  const members = useAdminResource<Members>('/api/admin/members');
  // The month's report is where excusals are listed; the table marks who is excused this month.
  const report = useAdminResource<MonthlyReport>(`/api/admin/reports/month/${month}`);
  useStationEvents(['data_changed'], () => {
    members.reload();
    report.reload();
  });
  const open = (next: View) => {
    rememberFocus();
    setView(next);
  };
  const back = useStable(() => {
    setView({ kind: 'list' });
    restoreFocus();
    members.reload();
    report.reload();
  });
  const closeExcusal = useStable(() => {
    setExcusing(null);
    report.reload();
  });

  if (view.kind === 'edit') return <MemberForm member={view.member} today={today} onDone={back} />;
  if (view.kind === 'import') return <RosterImport onDone={back} />;
  if (view.kind === 'ledger') return <MobileLedger today={today} onBack={back} />;

  const excused = new Set((report.data?.excusedMembers ?? []).map((m) => m.id));
  const all = members.data?.members ?? [];
  const needle = query.trim();
  const shown = needle === '' ? all : all.filter((m) => m.name.includes(needle) || (m.branch ?? '').includes(needle) || (m.phone ?? '').includes(needle));
  return (
    <section class="adm-panel" data-testid="roster-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">
          {t('admin.roster.title')} <span class="adm-count">{t('common.people', { n: all.length })}</span>
        </h2>
        <div class="adm-head-actions">
          <TextInput label={t('admin.roster.search')} value={query} onInput={setQuery} placeholder={t('admin.roster.search')} testId="roster-search" />
          <button type="button" class="btn btn-primary" data-testid="add-member" data-focus-key="add-member" onClick={() => open({ kind: 'edit', member: null })}>
            {t('admin.roster.add')}
          </button>
          <button type="button" class="btn" data-testid="open-import" data-focus-key="open-import" onClick={() => open({ kind: 'import' })}>
            {t('admin.roster.import')}
          </button>
          <button type="button" class="btn" data-testid="open-ledger" data-focus-key="open-ledger" onClick={() => open({ kind: 'ledger' })}>
            {t('admin.roster.ledger')}
          </button>
        </div>
      </header>
      <Problem text={members.error} />
      {members.data && all.length === 0 && <p class="adm-empty">{t('admin.roster.empty')}</p>}
      <table class="adm-table adm-roster" data-testid="roster-table">
        <thead>
          <tr>
            <th>{t('admin.roster.col.name')}</th>
            <th>{t('admin.roster.col.gender')}</th>
            <th>{t('admin.roster.col.category')}</th>
            <th>{t('admin.roster.col.branch')}</th>
            <th class="adm-col-contact">{t('admin.roster.col.card')}</th>
            <th class="adm-col-contact">{t('admin.roster.col.phone')}</th>
            <th>{t('admin.roster.col.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m.id} data-testid="member-row" class={m.activeTo !== null && m.activeTo < today ? 'adm-row-gone' : ''}>
              <td>
                {m.name}
                {excused.has(m.id) && <span class="tag">{t('admin.roster.excusedTag')}</span>}
                {m.hardship && <span class="tag" data-testid="hardship-tag">{t('admin.roster.hardshipTag')}</span>}
              </td>
              <td>{m.gender === 'male' ? t('admin.gender.male') : m.gender === 'female' ? t('admin.gender.female') : '—'}</td>
              <td>{t(CATEGORY_KEYS[m.category])}</td>
              <td>{m.branch ?? '—'}</td>
              <td class="num adm-col-contact">{m.cardUid ?? '—'}</td>
              <td class="num adm-col-contact">{m.phone ?? '—'}</td>
              <td>{membership(m, today)}</td>
              <td class="adm-cell-actions">
                <button type="button" class="btn" data-focus-key={`edit-member-${m.id}`} onClick={() => open({ kind: 'edit', member: m })}>
                  {t('common.edit')}
                </button>
                {/* Only registered members count in the rate an excusal changes. */}
                {(m.category === 'full' || m.category === 'probationary') && (
                  <button type="button" class="btn" data-testid="excuse-member" onClick={() => setExcusing(m)}>
                    {t('admin.roster.excuse')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {excusing && <ExcusalDialog member={excusing} month={month} onClose={closeExcusal} />}
    </section>
  );
}
