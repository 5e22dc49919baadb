// A station's weekly reports (每周一报) as it sent them, newest first, with the weeks owed since enrolment and not
// received by their deadline (the Wednesday after, 12:00) flagged as missing.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import { Panel } from '../components/page-header.tsx';
import type { StationDetail } from '../api-types.ts';

export function StationWeekly({ detail }: { detail: StationDetail }) {
  const { reports, missing } = detail.weeklyReports;
  return (
    <Panel
      title={t('station.weekly.title')}
      testid="station-weekly"
      extra={
        <span class={missing.length > 0 ? 'tag tag-bad' : 'muted'} data-testid="station-weekly-missing-count">
          {missing.length > 0 ? t('station.weekly.missingCount', { n: missing.length }) : t('station.weekly.noneMissing')}
        </span>
      }
    >
      {missing.length > 0 && (
        <p class="text-bad" data-testid="station-weekly-missing">
          {t('station.weekly.missing', { weeks: missing.join('、') })}
        </p>
      )}
      {reports.length === 0 ? (
        <Empty testid="station-weekly-empty">{t('station.weekly.empty')}</Empty>
      ) : (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="station-weekly-table">
            <thead>
              <tr>
                <th>{t('station.weekly.week')}</th>
                <th>{t('station.weekly.days')}</th>
                <th>{t('station.weekly.sent')}</th>
                <th class="num">{t('station.weekly.held')}</th>
                <th class="num">{t('station.weekly.rate')}</th>
                <th class="num">{t('station.weekly.courseware')}</th>
                <th class="num">{t('station.weekly.uptime')}</th>
                <th class="num">{t('station.weekly.alerts')}</th>
                <th>{t('station.weekly.remark')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.week} data-week={r.week}>
                  <td class="nowrap num-font">{r.week}</td>
                  <td class="nowrap num-font">
                    {r.from} – {r.to}
                  </td>
                  <td class="nowrap">
                    {fmt.dateTime(r.sentAt)}
                    {r.sentBy === 'deadline' ? ` ${t('station.weekly.byDeadline')}` : ''}
                  </td>
                  <td class="num num-font">
                    {r.viewingsHeld} / {r.viewings}
                  </td>
                  <td class="num num-font">{fmt.pct(r.participationRate)}</td>
                  <td class="num num-font">{fmt.int(r.coursewareReceived)}</td>
                  <td class="num num-font">{fmt.pct(r.uptime)}</td>
                  <td class="num num-font">{fmt.int(r.alerts)}</td>
                  <td>{r.remark ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
