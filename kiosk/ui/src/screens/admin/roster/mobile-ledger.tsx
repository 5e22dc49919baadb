// 流动党员台帐: the year's ledger as a table, 登记流动 to add an entry, 更正 on an entry to correct it (a new entry;
// entries are never edited), and 打印 through the shared print preview (the agent's printable page).
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import type { Ledger, LedgerEntry } from '../../../api-types.ts';
import { FLOW_KEYS } from '../admin-labels.ts';
import { useBackHandler } from '../../../navigation.ts';
import { rememberFocus, restoreFocus, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { Problem } from '../fields.tsx';
import { PrintDialog } from '../records/records-exports.tsx';
import { MobileLedgerForm } from './mobile-ledger-form.tsx';


function remark(e: LedgerEntry): string {
  return [e.note ?? '', e.corrects === null ? '' : t('admin.ledger.corrects', { n: e.corrects }), e.correctedBy === null ? '' : t('admin.ledger.correctedBy', { n: e.correctedBy })]
    .filter((p) => p !== '')
    .join('；');
}

type View = { kind: 'list' } | { kind: 'form'; correcting: LedgerEntry | null };

export function MobileLedger(props: { today: string; onBack: () => void }) {
  const year = props.today.slice(0, 4);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [printing, setPrinting] = useState(false);
  const ledger = useAdminResource<Ledger>(`/api/admin/mobile-ledger?year=${year}`);
  useStationEvents(['data_changed'], () => ledger.reload());
  const back = useStable(() => {
    setView({ kind: 'list' });
    restoreFocus();
    ledger.reload();
  });
  const closePrint = useStable(() => {
    setPrinting(false);
    restoreFocus();
  });
  useBackHandler(view.kind === 'list' && !printing ? props.onBack : null);

  if (view.kind === 'form') return <MobileLedgerForm today={props.today} correcting={view.correcting} onDone={back} />;
  const entries = ledger.data?.entries ?? [];
  return (
    <section class="adm-panel" data-testid="ledger-panel">
      <header class="adm-panel-head">
        <h2 class="adm-h2">
          {t('admin.ledger.title', { year })} <span class="adm-count">{t('admin.ledger.count', { n: entries.length })}</span>
        </h2>
        <div class="adm-head-actions">
          <button type="button" class="btn btn-primary" data-testid="ledger-add" data-focus-key="ledger-add" onClick={() => (rememberFocus(), setView({ kind: 'form', correcting: null }))}>
            {t('admin.ledger.add')}
          </button>
          <button type="button" class="btn" data-testid="ledger-print" data-focus-key="ledger-print" onClick={() => (rememberFocus(), setPrinting(true))}>
            {t('records.export.print')}
          </button>
          <button type="button" class="btn" data-testid="ledger-back" onClick={props.onBack}>
            {t('common.back')}
          </button>
        </div>
      </header>
      <Problem text={ledger.error} />
      {ledger.data && entries.length === 0 && <p class="adm-empty" data-testid="ledger-empty">{t('admin.ledger.empty', { year })}</p>}
      <table class="adm-table" data-testid="ledger-table">
        <thead>
          <tr>
            <th>{t('admin.ledger.no')}</th>
            <th>{t('admin.ledger.date')}</th>
            <th>{t('admin.ledger.kind')}</th>
            <th>{t('admin.roster.col.name')}</th>
            <th>{t('admin.ledger.org')}</th>
            <th>{t('admin.ledger.contact')}</th>
            <th>{t('admin.ledger.certificate')}</th>
            <th>{t('admin.ledger.note')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="ledger-row" class={e.correctedBy === null ? '' : 'adm-row-gone'}>
              <td class="num">{e.id}</td>
              <td class="num">{e.date}</td>
              <td>{t(FLOW_KEYS[e.kind])}</td>
              <td>{e.memberName}</td>
              <td>{e.organisation}</td>
              <td>{e.contact ?? '—'}</td>
              <td class="num">{e.certificateNo ?? '—'}</td>
              <td>{remark(e)}</td>
              <td class="adm-cell-actions">
                {e.correctedBy === null && (
                  <button type="button" class="btn" data-testid="ledger-correct" data-focus-key={`ledger-correct-${e.id}`} onClick={() => (rememberFocus(), setView({ kind: 'form', correcting: e }))}>
                    {t('admin.ledger.correct')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {printing && <PrintDialog item={{ kind: 'mobile-ledger', params: { year }, label: t('admin.ledger.title', { year }) }} onClose={closePrint} />}
    </section>
  );
}
