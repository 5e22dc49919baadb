// 告警: every alert standing now across the county — offline over 24 hours, no group viewing by the 20th,
// disk low, clock skew and what stations raise themselves — with a count per kind to filter by; and under it
// 告警处理, the alerts the hub told people of, who heard and who took each in hand (alert-cases.tsx).
import { setTimeZone } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { navigate, type Route } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { Empty, Loaded } from '../components/load-state.tsx';
import { AlertTable } from './alert-table.tsx';
import { AlertCases } from './alert-cases.tsx';
import type { AlertCasesAnswer, AlertsAnswer, HubAlertCode } from '../api-types.ts';

const CODES: readonly HubAlertCode[] = ['offline', 'no_viewing_by_20th', 'disk_low', 'clock_skew', 'weekly_report_missing', 'station_alert'];

export function AlertsPage({ route }: { route: Extract<Route, { page: 'alerts' }> }) {
  const answer = useApi<AlertsAnswer>('/api/county/alerts');
  const cases = useApi<AlertCasesAnswer>('/api/county/alert-cases?days=30');
  const filter = CODES.find((c) => c === route.code);
  return (
    <div class="page" data-testid="alerts-page">
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      <Loaded {...answer}>
        {(data) => {
          setTimeZone(data.timeZone);
          const shown = filter ? data.alerts.filter((a) => a.code === filter) : data.alerts;
          return (
            <>
              <Panel
                title={t('alerts.now.title')}
                testid="alerts-now"
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
              <Panel title={t('cases.title')} extra={<span class="muted small">{t('cases.subtitle')}</span>} testid="alert-cases-panel">
                <Loaded {...cases}>{(c) => <AlertCases cases={c.cases} onChanged={cases.reload} />}</Loaded>
              </Panel>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
