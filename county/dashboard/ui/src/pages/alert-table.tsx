// Alerts as a table: severity in words and colour, the station (a link), what kind, the hub's explanation
// in the chosen language, and since when.
import { fmt } from '../format.ts';
import { locale, paren, t } from '../i18n/i18n.ts';
import { routeHref } from '../routing.ts';
import type { HubAlert } from '../api-types.ts';

export function AlertLevel({ level }: { level: HubAlert['level'] }) {
  return <span class={`tag ${level === 'critical' ? 'tag-bad' : 'tag-warn'}`}>{t(`alert.level.${level}`)}</span>;
}

export function AlertTable({ alerts, now, showStation = true }: { alerts: readonly HubAlert[]; now: number; showStation?: boolean }) {
  const en = locale.get() === 'en';
  return (
    <div class="table-wrap">
      <table class="table" data-testid="alert-table">
        <thead>
          <tr>
            <th>{t('alerts.col.level')}</th>
            {showStation && <th>{t('alerts.col.station')}</th>}
            <th>{t('alerts.col.kind')}</th>
            <th>{t('alerts.col.message')}</th>
            <th>{t('alerts.col.since')}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a, i) => (
            <tr key={`${a.stationId}-${a.code}-${a.stationCode ?? ''}-${i}`} data-code={a.code} data-level={a.level}>
              <td>
                <AlertLevel level={a.level} />
              </td>
              {showStation && (
                <td>
                  <a href={routeHref({ page: 'station', id: a.stationId })}>{a.stationName}</a>
                </td>
              )}
              <td class="nowrap">{t(`alert.code.${a.code}`)}</td>
              <td>{en ? a.messageEn : a.message}</td>
              <td class="nowrap">
                {a.since === null ? (
                  '—'
                ) : (
                  <>
                    {fmt.dateTime(a.since)} <span class="muted">{paren(fmt.ago(a.since, now))}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
