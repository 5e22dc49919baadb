// 我的站点: a 党建指导员's own page — the stations assigned to them with this month's guidance count at each (each
// opens the station's page, where guidance is logged), and the month's records they logged. Keyboard: the station
// cards are links, Tab and Enter reach each.
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { navigate, routeHref, type Route } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { Empty, ErrorNotice, Loading } from '../components/load-state.tsx';
import { GuidanceForm } from './guidance-form.tsx';
import { GuidanceTable } from './station-guidance.tsx';
import type { GuidanceRecord, InstructorsAnswer } from '../api-types.ts';

type MineRoute = Extract<Route, { page: 'mine' }>;

export function MyStationsPage({ route }: { route: MineRoute }) {
  const answer = useApi<InstructorsAnswer>(`/api/county/instructors${query({ month: route.month })}`);
  const [correcting, setCorrecting] = useState<GuidanceRecord | null>(null);
  const data = answer.data;
  if (!data) return answer.error !== undefined ? <ErrorNotice error={answer.error} onRetry={answer.reload} /> : <Loading />;
  const { hubTime } = data;
  const me = data.instructors[0];
  const stations = me?.stations ?? [];
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const held = new Set(stations.map((s) => s.id));
  return (
    <div class="page page-mine" data-testid="mine-page">
      <PageHeader
        title={t('mine.title')}
        subtitle={t('mine.subtitle')}
        actions={<MonthPicker month={data.month} latest={fmt.monthOf(hubTime)} onChange={(m) => navigate({ page: 'mine', month: m })} />}
      />
      <Panel title={t('nav.mine')} extra={<span class="muted">{t('guidance.count', { n: me?.count ?? 0, month: fmt.month(data.month) })}</span>}>
        {stations.length === 0 ? (
          <Empty testid="mine-empty">{t('mine.empty')}</Empty>
        ) : (
          <ul class="mine-stations" data-testid="mine-stations">
            {stations.map((s) => (
              <li key={s.id}>
                <a class="mine-station" href={routeHref({ page: 'station', id: s.id, month: route.month })} data-station={s.id}>
                  <strong>{s.name}</strong>
                  <span class="muted">{t('mine.count', { n: s.count })}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t('mine.records')}>
        <GuidanceTable
          records={data.records}
          empty={t('guidance.empty')}
          mayCorrect={(r) => r.supersededBy === null && held.has(r.stationId)}
          onCorrect={setCorrecting}
          showStation={(r) => names.get(r.stationId) ?? r.stationId}
          testid="mine-records"
        />
      </Panel>
      {correcting && (
        <GuidanceForm
          stationId={correcting.stationId}
          stationName={names.get(correcting.stationId) ?? correcting.stationId}
          today={fmt.date(hubTime)}
          correcting={correcting}
          onClose={() => setCorrecting(null)}
          onSaved={() => {
            setCorrecting(null);
            answer.reload();
          }}
        />
      )}
    </div>
  );
}
