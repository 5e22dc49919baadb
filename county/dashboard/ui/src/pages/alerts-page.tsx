// 告警: every alert standing now across the county — offline over 24 hours, no group viewing by the 20th,
// disk low, clock skew and what stations raise themselves — with a count per kind to filter by.
import { setTimeZone } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { navigate, type Route } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { Empty, Loaded } from '../components/load-state.tsx';
import { AlertTable } from './alert-table.tsx';
import type { AlertsAnswer, HubAlertCode } from '../api-types.ts';

const CODES: readonly HubAlertCode[] = ['offline', 'no_viewing_by_20th', 'disk_low', 'clock_skew', 'station_alert'];

export function AlertsPage({ route }: { route: Extract<Route, { page: 'alerts' }> }) {
  const answer = useApi<AlertsAnswer>('/api/county/alerts');
  const filter = CODES.find((c) => c === route.code);
  return (
    <div class="page" data-testid="alerts-page">
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      <Loaded {...answer}>
        {(data) => {
          setTimeZone(data.timeZone);
          const shown = filter ? data.alerts.filter((a) => a.code === filter) : data.alerts;
          return (
            <Panel
              extra={
                <div class="chips" role="group" aria-label={t('alerts.col.kind')}>
                  <button type="button" class={`chip${filter ? '' : ' chip-active'}`} onClick={() => navigate({ page: 'alerts' })}>
                    {t('alerts.all')} <span class="chip-count">{data.alerts.length}</span>
                  </button>
                  {CODES.map((code) => (
                    <button key={code} type="button" class={`chip${filter === code ? ' chip-active' : ''}`} onClick={() => navigate({ page: 'alerts', code })} data-code={code}>
                      {t(`alert.code.${code}`)} <span class="chip-count">{data.alerts.filter((a) => a.code === code).length}</span>
                    </button>
                  ))}
                </div>
              }
            >
              {shown.length === 0 ? <Empty testid="alerts-empty">{filter ? t('alerts.emptyFilter') : t('alerts.empty')}</Empty> : <AlertTable alerts={shown} now={data.hubTime} />}
            </Panel>
          );
        }}
      </Loaded>
    </div>
  );
}
