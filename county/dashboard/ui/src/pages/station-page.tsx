// 站点: one station for a month — who it is and whether it is up, its figures, 30 days of uptime and 12
// months of participation, the month's group viewings, latest health, equipment, alerts, station log and the
// year's mobile-member ledger.
import { useMemo } from 'preact/hooks';
import { query } from '../api.ts';
import { fmt, setTimeZone } from '../format.ts';
import { paren, t, useLocale } from '../i18n/i18n.ts';
import { navigate, routeHref, type Route } from '../routing.ts';
import { OrgBreadcrumbs } from '../components/org-navigator.tsx';
import { useApi } from '../use-api.ts';
import { Panel } from '../components/page-header.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { Empty, ErrorNotice, Loading } from '../components/load-state.tsx';
import { ChartCanvas } from '../components/chart-canvas.tsx';
import { OnlineState } from '../components/online-state.tsx';
import { participationSeries, uptimeTimeline } from '../charts/station-charts.ts';
import { HealthPanel } from './station-health.tsx';
import { EquipmentTable, SessionsTable, StationLog } from './station-records.tsx';
import { AlertTable } from './alert-table.tsx';
import { BelowMark } from './ranking-table.tsx';
import type { StationDetail } from '../api-types.ts';
import { isAdmin, session } from '../session.ts';
import { useObservable } from '../observable.ts';
import { PinResetPanel } from './pin-reset-panel.tsx';
import { StationLedger } from './station-ledger.tsx';
import { StationMakeUp } from './station-make-up.tsx';
import { StationActivities } from './station-activities.tsx';
import { StationWeekly } from './station-weekly.tsx';
import { StationRoomUses } from './station-room-uses.tsx';
import { StationUnitMove } from './station-unit-move.tsx';
import { StationGuidancePanel } from './station-guidance.tsx';
import { StationProofs } from './station-proofs.tsx';
import { StationRemoteHelp } from './station-remote-help.tsx';

type StationRoute = Extract<Route, { page: 'station' }>;

/** Beyond this the station stops starting programs by itself (protocol/wire.pure.ts CLOCK_SKEW_ALERT_MS). */
const SKEW_LIMIT_MS = 10 * 60_000;

function ClockSkew({ skewMs }: { skewMs: number | null }) {
  if (skewMs === null) return <span class="muted">{t('station.skew.unknown')}</span>;
  // hub − station: positive means the station's clock is behind.
  const direction = skewMs > 0 ? t('station.skew.behind', { amount: fmt.amount(skewMs) }) : t('station.skew.ahead', { amount: fmt.amount(skewMs) });
  if (Math.abs(skewMs) <= SKEW_LIMIT_MS) return <span>{t('station.skew.fine', { amount: direction })}</span>;
  return (
    <span class="text-bad" data-testid="skew-warning">
      {direction}
      {paren(t('station.skew.warn'))}
    </span>
  );
}

export function StationPage({ route }: { route: StationRoute }) {
  const language = useLocale();
  const state = useObservable(session);
  const admin = isAdmin(state);
  const instructor = state.status === 'in' && state.user.role === 'instructor';
  const detail = useApi<StationDetail>(`/api/county/stations/${encodeURIComponent(route.id)}${query({ month: route.month })}`);
  const d = detail.data;
  if (d) setTimeZone(d.timeZone);
  const uptime = useMemo(() => (d ? uptimeTimeline(d) : null), [d, language]);
  const participation = useMemo(() => (d ? participationSeries(d) : null), [d, language]);

  if (!d || !uptime || !participation) return detail.error !== undefined ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : <Loading />;

  const { station, row } = d;
  const latest = fmt.monthOf(d.hubTime);
  const reported = row.registered !== null;

  return (
    <div class={`page page-station${detail.loading ? ' is-loading' : ''}`} data-testid="station-page" data-station={station.id}>
      {instructor ? (
        // A 党建指导员 sees no unit: back to their own stations.
        <nav class="breadcrumb" aria-label="breadcrumb">
          <a href={routeHref({ page: 'mine', month: route.month })}>{t('nav.mine')}</a>
          <span aria-hidden="true">›</span>
          <span>{station.name}</span>
        </nav>
      ) : d.unitPath.length > 0 ? (
        // Up the org tree, each level's overview on the same month.
        <OrgBreadcrumbs path={d.unitPath} month={route.month} current={station.name} />
      ) : (
        <nav class="breadcrumb" aria-label="breadcrumb">
          <a href={routeHref({ page: 'overview', month: route.month })}>{t('nav.overview')}</a>
          <span aria-hidden="true">›</span>
          <span>{station.name}</span>
        </nav>
      )}

      <section class="station-head panel">
        <div class="station-identity">
          <h1 data-testid="station-name">
            {station.name}
            <span class="tag tag-neutral">{t(`grade.${station.grade}`)}</span>
            {station.retiredAt !== null && <span class="tag tag-bad">{t('station.retired')}</span>}
          </h1>
          <dl class="station-facts">
            <div>
              <dt>{t('ranking.col.online')}</dt>
              <dd>
                <OnlineState online={station.online} enrolledAt={station.enrolledAt} lastSeenAt={station.lastSeenAt} now={d.hubTime} />
              </dd>
            </div>
            <div>
              <dt>{t('station.lastSeen')}</dt>
              <dd class="num-font">{fmt.dateTime(station.lastSeenAt)}</dd>
            </div>
            <div>
              <dt>{t('station.skew')}</dt>
              <dd>
                <ClockSkew skewMs={d.clockSkewMs} />
              </dd>
            </div>
            <div>
              <dt>{t('station.enrolledAt')}</dt>
              <dd class="num-font">{station.enrolledAt === null ? t('station.notEnrolled') : fmt.date(station.enrolledAt)}</dd>
            </div>
            <div>
              <dt>{t('station.id')}</dt>
              <dd class="num-font">{station.id}</dd>
            </div>
          </dl>
        </div>
        <div class="station-actions">
          <MonthPicker month={d.month} latest={latest} onChange={(m) => navigate({ page: 'station', id: station.id, month: m })} />
          <ExportLinks base={`/api/county/stations/${encodeURIComponent(station.id)}/report`} month={d.month} what={t('station.exportWhat', { name: station.name, month: fmt.month(d.month) })} testid="station-export" />
          {admin && station.retiredAt === null && <StationUnitMove stationId={station.id} stationName={station.name} unitId={d.unitPath.at(-1)?.id ?? null} onMoved={detail.reload} />}
        </div>
      </section>

      <div class="kpis kpis-station">
        <KpiCard
          testid="station-participation"
          label={t('station.kpi.participation', { month: fmt.month(d.month) })}
          value={fmt.pct(row.participationRate)}
          detail={
            reported
              ? `${t('station.kpi.participation.detail', { attended: row.attendedRegistered ?? 0, registered: row.registered ?? 0 })}${row.excused ? t('station.kpi.excused', { n: row.excused }) : ''}`
              : t('station.kpi.notReported')
          }
        />
        <KpiCard
          testid="station-sessions"
          label={t('station.kpi.sessions')}
          value={`${row.sessionsHeld} / ${row.sessionsRequired}`}
          unit={t('unit.sessions')}
          tone={row.compliant ? 'good' : d.monthComplete ? 'bad' : 'warn'}
          detail={
            <>
              <BelowMark compliant={row.compliant} monthComplete={d.monthComplete} /> {t('station.kpi.sessions.detail', { required: row.sessionsRequired })}
            </>
          }
        />
        <KpiCard testid="station-uptime" label={t('station.kpi.uptime')} value={fmt.pct(row.uptime)} detail={t('station.kpi.uptime.detail')} />
        <KpiCard testid="station-minutes" label={t('station.kpi.minutes')} value={fmt.int(row.studyMinutes)} unit={t('unit.minutes')} />
        <KpiCard testid="station-guests" label={t('station.kpi.guests')} value={fmt.int(row.guests)} detail={t('station.kpi.guests.detail')} />
        <KpiCard
          testid="station-satisfaction"
          label={t('station.kpi.satisfaction')}
          value={fmt.pct(d.satisfaction.share)}
          tone={d.satisfaction.meetsTarget === null ? 'neutral' : d.satisfaction.meetsTarget ? 'good' : 'bad'}
          detail={
            d.satisfaction.answers === 0
              ? t('station.kpi.satisfaction.none', { target: fmt.pct(d.satisfaction.target, 0) })
              : t('station.kpi.satisfaction.detail', { answers: d.satisfaction.answers, surveys: d.satisfaction.surveys, target: fmt.pct(d.satisfaction.target, 0) })
          }
        />
      </div>

      <div class="grid-2">
        <Panel title={t('station.uptime.title')} testid="uptime-panel">
          <ChartCanvas config={uptime} label={t('station.uptime.title')} height={240} testid="chart-uptime" />
        </Panel>
        <Panel
          title={t('station.participation.title')}
          testid="participation-panel"
          extra={d.participationSeries.some((m) => m.sessionsHeld === null) && <span class="muted small" data-testid="participation-gaps">{t('station.participation.gaps')}</span>}
        >
          <ChartCanvas config={participation} label={t('station.participation.title')} height={240} testid="chart-participation" />
        </Panel>
      </div>

      <StationGuidancePanel stationId={station.id} stationName={station.name} month={d.month} hubTime={d.hubTime} />

      <Panel title={t('makeUp.panel')} testid="make-up-panel" extra={<span class="muted">{fmt.month(d.month)}</span>}>
        <StationMakeUp detail={d} />
      </Panel>

      <Panel title={t('station.sessions.title')} extra={<span class="muted">{fmt.month(d.month)}</span>}>
        <SessionsTable sessions={d.sessions} surveys={d.satisfaction.sessions} />
      </Panel>

      <StationProofs stationId={route.id} detail={d} />

      {station.retiredAt === null && <StationRemoteHelp stationId={station.id} />}

      <div class="grid-3">
        <Panel title={t('station.health.title')}>
          <HealthPanel health={d.latestHealth} />
        </Panel>
        <Panel title={t('station.equipment.title')}>
          <EquipmentTable equipment={d.equipment} />
        </Panel>
        <Panel title={t('station.alerts.title')} testid="station-alerts">
          {d.alerts.length === 0 ? <Empty>{t('station.alerts.empty')}</Empty> : <AlertTable alerts={d.alerts} now={d.hubTime} showStation={false} />}
        </Panel>
      </div>

      <Panel title={t('station.log.title')} extra={<span class="muted">{t('station.log.hint', { n: d.stationLog.length })}</span>}>
        <StationLog lines={d.stationLog} />
      </Panel>

      <StationWeekly detail={d} />

      <StationRoomUses detail={d} />

      <StationLedger detail={d} />

      <StationActivities detail={d} />

      {admin && <PinResetPanel station={station} />}
    </div>
  );
}
