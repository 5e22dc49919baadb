// 总览: the county at a glance for a month — headline figures, the station ranking, participation by
// station and terminals online — with the month's table to download.
import { useMemo } from 'preact/hooks';
import { query } from '../api.ts';
import { fmt, setTimeZone } from '../format.ts';
import { t, useLocale } from '../i18n/i18n.ts';
import { navigate, type Route } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { KpiCard, type Tone } from '../components/kpi-card.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Empty, ErrorNotice, Loading } from '../components/load-state.tsx';
import { ChartCanvas } from '../components/chart-canvas.tsx';
import { RankingPager, RankingTable, RANKING_PAGE } from './ranking-table.tsx';
import { onlineDoughnut, participationByStation } from '../charts/county-charts.ts';
import { OrgTreePanels, OrgBar } from './org-panels.tsx';
import { UnitPolicyPanel } from './unit-policy-panel.tsx';
import type { Overview, RankingAnswer, RankingSort, UnitChildren } from '../api-types.ts';

type OverviewRoute = Extract<Route, { page: 'overview' }>;

export function OverviewPage({ route }: { route: OverviewRoute }) {
  const language = useLocale();
  // Every figure is over the unit's subtree (?unit=; none: the whole hub), and so is every link out (the month kept).
  const unit = route.unit;
  const overview = useApi<Overview>(`/api/county/overview${query({ unit, month: route.month })}`);
  const ranking = useApi<RankingAnswer>(`/api/county/ranking${query({ unit, month: route.month, sort: route.sort, order: route.order, limit: RANKING_PAGE, offset: route.from })}`);
  const tree = useApi<UnitChildren>(`/api/county/org/children${query({ unit, month: route.month })}`);
  const o = overview.data;
  if (o) setTimeZone(o.timeZone);
  const rows = ranking.data?.rows;
  const byStation = useMemo(() => (rows ? participationByStation(rows) : null), [rows, language]);
  const online = useMemo(() => (o ? onlineDoughnut(o) : null), [o, language]);

  if (!o) return overview.error !== undefined ? <ErrorNotice error={overview.error} onRetry={overview.reload} /> : <Loading />;

  const month = o.month;
  const latest = fmt.monthOf(o.hubTime);
  const sort = ranking.data?.sort ?? route.sort ?? 'participationRate';
  const order = ranking.data?.order ?? route.order ?? 'desc';
  const onSort = (next: RankingSort) => {
    const nextOrder = next === sort ? (order === 'asc' ? 'desc' : 'asc') : next === 'name' ? 'asc' : 'desc';
    // A re-sort replaces the history entry: Back leaves the page rather than stepping through sorts.
    navigate({ page: 'overview', unit, month: route.month, sort: next, order: nextOrder }, { replace: true });
  };
  const below = o.belowMinimum.length;
  const belowTone: Tone = below === 0 ? 'good' : o.monthComplete ? 'bad' : 'warn';
  const reportedRates = rows?.filter((r) => r.participationRate !== null).length ?? 0;

  return (
    <div class={`page page-overview${overview.loading || ranking.loading ? ' is-loading' : ''}`} data-testid="overview" data-month={month} data-unit={unit ?? ''} data-org={tree.data ? (tree.data.hasUnits ? 'tree' : 'none') : undefined}>
      {tree.data?.hasUnits && <OrgBar tree={tree.data} month={route.month} />}
      <PageHeader
        title={tree.data?.unit ? `${t('overview.title')} · ${tree.data.unit.name}` : t('overview.title')}
        subtitle={
          <>
            <span>{fmt.month(month)}</span>
            <span class="sep">·</span>
            <span data-testid="figures-at">{t('overview.asOf', { time: fmt.dateTime(o.figuresAt) })}</span>
            {!o.monthComplete && (
              <span class="pill pill-info" data-testid="month-running">
                {t('overview.running')}
              </span>
            )}
          </>
        }
        actions={
          <>
            <MonthPicker month={month} latest={latest} onChange={(m) => navigate({ page: 'overview', unit, month: m, sort: route.sort, order: route.order })} />
            <ExportLinks
              base="/api/county/export/monthly"
              month={month}
              params={{ unit, sort: route.sort, order: route.sort ? route.order : undefined }}
              what={t('overview.exportWhat', { month: fmt.month(month) })}
              testid="monthly-export"
            />
          </>
        }
      />

      <div class="kpis">
        <KpiCard
          testid="kpi-enrolled"
          label={t('kpi.enrolled')}
          value={fmt.int(o.stations.enrolled)}
          unit={t('unit.stations')}
          detail={o.stations.pendingEnrollment > 0 ? t('kpi.enrolled.pending', { n: o.stations.pendingEnrollment }) : t('kpi.enrolled.all')}
        />
        <KpiCard testid="kpi-online" label={t('kpi.online')} value={fmt.int(o.online.now)} unit={`/ ${o.stations.enrolled}`} detail={t('kpi.online.detail', { enrolled: o.stations.enrolled, minutes: o.online.windowMinutes })} />
        <KpiCard testid="kpi-online-rate" label={t('kpi.onlineRate')} value={fmt.pct(o.online.rate)} detail={t('kpi.onlineRate.detail', { rate: fmt.pct(o.uptime) })} />
        <KpiCard
          testid="kpi-participation"
          label={t(o.monthComplete ? 'kpi.participation.past' : 'kpi.participation.current')}
          value={fmt.pct(o.participation.rate)}
          detail={
            o.participation.stationsReporting === 0
              ? t('kpi.participation.none')
              : t('kpi.participation.detail', { attended: o.participation.attendedRegistered, registered: o.participation.registered, stations: o.participation.stationsReporting })
          }
        />
        <KpiCard testid="kpi-sessions" label={t('kpi.sessions')} value={fmt.int(o.sessionsHeld)} unit={t('unit.sessions')} detail={t('kpi.sessions.detail')} />
        <KpiCard
          testid="kpi-satisfaction"
          label={t('kpi.satisfaction')}
          value={fmt.pct(o.satisfaction.share)}
          tone={o.satisfaction.meetsTarget === null ? 'neutral' : o.satisfaction.meetsTarget ? 'good' : 'bad'}
          detail={
            o.satisfaction.answers === 0
              ? t('kpi.satisfaction.none', { target: fmt.pct(o.satisfaction.target, 0) })
              : t('kpi.satisfaction.detail', { answers: o.satisfaction.answers, stations: o.satisfaction.stationsReporting, target: fmt.pct(o.satisfaction.target, 0) })
          }
        />
        <KpiCard
          testid="kpi-below"
          label={t(o.monthComplete ? 'kpi.below' : 'kpi.below.runningLabel')}
          value={fmt.int(below)}
          unit={t('unit.stations')}
          tone={belowTone}
          detail={below === 0 ? t('kpi.below.none') : o.monthComplete ? t('kpi.below.done') : t('kpi.below.running')}
        />
      </div>

      {tree.data && <OrgTreePanels tree={tree.data} />}

      <div class="overview-grid">
        <Panel
          title={t('ranking.title')}
          extra={
            <span class="legend">
              {o.monthComplete ? <span class="tag tag-bad">{t('ranking.below')}</span> : <span class="tag tag-warn">{t('ranking.running')}</span>}{' '}
              {t(o.monthComplete ? 'ranking.legend' : 'ranking.legend.running')}
            </span>
          }
          testid="ranking-panel"
        >
          {o.stations.enrolled === 0 ? (
            <Empty testid="ranking-empty">{t('ranking.noStations')}</Empty>
          ) : ranking.data ? (
            <>
              {o.participation.stationsReporting === 0 && (
                <p class="notice notice-info" data-testid="nothing-reported">
                  {t('ranking.empty')}
                </p>
              )}
              <RankingTable rows={ranking.data.rows} sort={sort} order={order} now={ranking.data.hubTime} month={ranking.data.month} monthComplete={o.monthComplete} onSort={onSort} />
              <RankingPager
                total={ranking.data.total}
                offset={ranking.data.offset}
                shown={ranking.data.rows.length}
                onPage={(from) => navigate({ page: 'overview', unit, month: route.month, sort: route.sort, order: route.order, from: from === 0 ? undefined : from }, { replace: true })}
              />
            </>
          ) : ranking.error !== undefined ? (
            <ErrorNotice error={ranking.error} onRetry={ranking.reload} />
          ) : (
            <Loading />
          )}
        </Panel>

        <div class="side-column">
          {tree.data?.hasUnits && <UnitPolicyPanel unit={unit} />}
          <Panel
            title={t('chart.byStation')}
            extra={
              <span class="legend">
                <span class="swatch swatch-primary" /> {t('chart.byStation.ok')} <span class="swatch swatch-warn" /> {t('chart.byStation.below')}
              </span>
            }
          >
            {byStation && reportedRates > 0 ? (
              <ChartCanvas config={byStation} label={t('chart.byStation')} height={Math.max(180, reportedRates * 24 + 40)} testid="chart-by-station" />
            ) : rows ? (
              <Empty>{t('chart.byStation.empty')}</Empty>
            ) : (
              <Loading />
            )}
          </Panel>
          <Panel title={t('chart.online')}>
            {online && (
              <div class="online-chart">
                <div class="online-chart-canvas">
                  <ChartCanvas config={online} label={t('chart.online')} height={150} testid="chart-online" />
                  <div class="online-chart-center">
                    <strong>{fmt.pct(o.online.rate, 0)}</strong>
                    <span>{t('kpi.onlineRate')}</span>
                  </div>
                </div>
                <ul class="online-legend">
                  <li>
                    <span class="swatch swatch-good" />
                    {t('chart.online.on')}
                    <strong>{o.online.now}</strong>
                  </li>
                  <li>
                    <span class="swatch swatch-muted" />
                    {t('chart.online.off')}
                    <strong>{o.stations.enrolled - o.online.now}</strong>
                  </li>
                  <li>
                    <span class="swatch swatch-faint" />
                    {t('chart.online.pending')}
                    <strong>{o.stations.pendingEnrollment}</strong>
                  </li>
                </ul>
              </div>
            )}
          </Panel>
        </div>
      </div>
    </div>
  );
}
