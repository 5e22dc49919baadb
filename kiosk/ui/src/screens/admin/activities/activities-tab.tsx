// 支部活动: a month's branch activity register (三会一课, 主题党日) as a table, the 三会一课 rhythm as of today above
// it, 登记活动 to enter one, a row to open its record (check-in, photos, print, withdraw), and 打印本月记录
// through the shared print preview. A record is never edited: a wrong one is withdrawn (it stays, marked).
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import type { ActivityRegister } from '../../../api-types.ts';
import { rememberFocus, restoreFocus, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { Problem } from '../fields.tsx';
import { PrintDialog } from '../records/records-exports.tsx';
import { ActivityForm } from './activity-form.tsx';
import { ActivityDetail } from './activity-detail.tsx';
import { ACTIVITY_KIND_KEYS, rhythmText } from './activity-labels.ts';
import { shiftMonth } from '../schedule/local-dates.pure.ts';

type View = { kind: 'list' } | { kind: 'form' } | { kind: 'detail'; id: number };

export function ActivitiesTab() {
  const [month, setMonth] = useState<string | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [printing, setPrinting] = useState(false);
  const data = useAdminResource<ActivityRegister>(`/api/admin/activities${month === null ? '' : `?month=${month}`}`);
  useStationEvents(['data_changed'], () => data.reload());
  const back = useStable(() => {
    setView({ kind: 'list' });
    restoreFocus();
    data.reload();
  });
  const closePrint = useStable(() => {
    setPrinting(false);
    restoreFocus();
  });

  const shown = data.data?.month ?? month;
  if (view.kind === 'form') return <ActivityForm today={data.data?.today ?? ''} onDone={back} />;
  if (view.kind === 'detail') return <ActivityDetail id={view.id} onBack={back} />;
  const lines = data.data?.register.activities ?? [];
  const rhythm = data.data?.rhythmToday ?? [];
  return (
    <section class="adm-panel" data-testid="activities-panel">
      <header class="adm-panel-head">
        <h2 class="adm-h2">
          {t('admin.activities.title', { month: shown ?? '' })} <span class="adm-count">{t('admin.activities.count', { n: data.data?.register.held ?? 0 })}</span>
        </h2>
        <div class="adm-head-actions">
          <button type="button" class="btn btn-primary" data-testid="activity-add" data-focus-key="activity-add" onClick={() => (rememberFocus(), setView({ kind: 'form' }))}>
            {t('admin.activities.add')}
          </button>
          <button type="button" class="btn" data-testid="activities-prev" onClick={() => shown && setMonth(shiftMonth(shown, -1))}>
            {t('admin.activities.prevMonth')}
          </button>
          <button type="button" class="btn" data-testid="activities-next" onClick={() => shown && setMonth(shiftMonth(shown, 1))}>
            {t('admin.activities.nextMonth')}
          </button>
          <button type="button" class="btn" data-testid="activities-print" data-focus-key="activities-print" onClick={() => (rememberFocus(), setPrinting(true))}>
            {t('admin.activities.print')}
          </button>
        </div>
      </header>
      <Problem text={data.error} />
      {data.data && (
        <div class="adm-rhythm" data-testid="activities-rhythm">
          <span class="adm-rhythm-title">{t('admin.activities.rhythm', { date: data.data.today })}</span>
          {rhythm.length === 0 && <span>{t('admin.activities.rhythmNone')}</span>}
          {rhythm.map((l) => (
            <span key={l.kind} class={`adm-rhythm-item adm-rhythm-${l.status}`} data-testid={`rhythm-${l.kind}`}>
              {rhythmText(l)}
            </span>
          ))}
        </div>
      )}
      {data.data && lines.length === 0 && <p class="adm-empty" data-testid="activities-empty">{t('admin.activities.empty', { month: shown ?? '' })}</p>}
      {lines.length > 0 && (
        <table class="adm-table" data-testid="activities-table">
          <thead>
            <tr>
              <th>{t('admin.activities.col.date')}</th>
              <th>{t('admin.activities.col.time')}</th>
              <th>{t('admin.activities.col.kind')}</th>
              <th>{t('admin.activities.col.topic')}</th>
              <th>{t('admin.activities.col.host')}</th>
              <th>{t('admin.activities.col.attended')}</th>
              <th>{t('admin.activities.col.photos')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((a) => (
              <tr key={a.id} data-testid="activity-row" class={a.withdrawn ? 'adm-row-gone' : ''}>
                <td class="num">{a.date}</td>
                <td class="num">{a.startTime}</td>
                <td>{t(ACTIVITY_KIND_KEYS[a.kind])}</td>
                <td>
                  {a.topic}
                  {a.withdrawn && <span class="adm-tag"> {t('admin.activities.withdrawn')}</span>}
                </td>
                <td>{a.host}</td>
                <td class="num">
                  {a.attendedRegistered}/{a.registered}
                  {a.guests > 0 ? ` +${a.guests}` : ''}
                </td>
                <td class="num">{a.photos}</td>
                <td class="adm-cell-actions">
                  <button type="button" class="btn" data-testid="activity-open" data-focus-key={`activity-open-${a.id}`} onClick={() => (rememberFocus(), setView({ kind: 'detail', id: a.id }))}>
                    {t('admin.activities.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {printing && shown && <PrintDialog item={{ kind: 'activities', params: { month: shown }, label: t('admin.activities.title', { month: shown }) }} onClose={closePrint} />}
    </section>
  );
}
