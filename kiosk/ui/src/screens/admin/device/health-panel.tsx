// 运行监测: the sampled health of the terminal — CPU, memory, disk, temperature, the kiosk's heartbeat and the
// county hub — with 48-hour charts of min/avg/max. Part of the device tab.
import { fmt, t, type MessageKey } from '../../../i18n/i18n.ts';
import type { HealthAggregate, HealthOverview, Range } from '../../../api-types.ts';
import { formatBytes } from '../admin-format.ts';
import { chartPaths, overall, type ChartPoint } from './health-chart.pure.ts';

const WINDOW_MS = 48 * 3_600_000;
const CHART = { width: 640, height: 120 };

function pct(n: number): string {
  return t('health.percent', { p: n.toFixed(n < 10 ? 1 : 0) });
}

function Card(props: { label: string; value: string; detail?: string; tone?: 'ok' | 'warn'; testId?: string }) {
  return (
    <div class={`adm-figure ${props.tone === 'warn' ? 'adm-figure-warn' : props.tone === 'ok' ? 'adm-figure-ok' : ''}`} data-testid={props.testId}>
      <span class="adm-figure-label">{props.label}</span>
      <b>{props.value}</b>
      {props.detail && <span class="adm-figure-detail">{props.detail}</span>}
    </div>
  );
}

interface Series {
  key: string;
  label: MessageKey;
  pick: (a: HealthAggregate) => Range | null;
  format: (n: number) => string;
  floor: number | null;
  ceiling: number | null;
}

const usedShare = (a: HealthAggregate): Range | null => {
  if (!a.memUsedBytes || !a.memTotalBytes) return null;
  const s = (n: number) => (n / a.memTotalBytes!) * 100;
  return { min: s(a.memUsedBytes.min), avg: s(a.memUsedBytes.avg), max: s(a.memUsedBytes.max) };
};

const SERIES: Series[] = [
  { key: 'cpu', label: 'health.chart.cpu', pick: (a) => a.cpuLoadPct, format: pct, floor: 0, ceiling: 100 },
  { key: 'memory', label: 'health.chart.memory', pick: usedShare, format: pct, floor: 0, ceiling: 100 },
  { key: 'disk', label: 'health.chart.disk', pick: (a) => a.diskFreeBytes, format: formatBytes, floor: 0, ceiling: null },
  { key: 'temperature', label: 'health.chart.temperature', pick: (a) => a.cpuTempC, format: (n) => t('health.celsius', { t: n.toFixed(0) }), floor: null, ceiling: null },
];

function Chart(props: { series: Series; overview: HealthOverview; now: number }) {
  const { series, overview } = props;
  const points: (ChartPoint & { weight: number })[] = overview.series.flatMap((a) => {
    const v = series.pick(a);
    // Each point sits in the middle of its 15 minutes.
    return v ? [{ at: a.bucketStart + a.bucketMs / 2, weight: a.samples, ...v }] : [];
  });
  const whole = overall(points);
  const bucket = overview.series[0]?.bucketMs ?? 15 * 60_000;
  const paths = chartPaths(points, { from: props.now - WINDOW_MS, to: props.now, ...CHART, floor: series.floor, ceiling: series.ceiling }, bucket * 2);
  return (
    <figure class="hl-chart" tabIndex={0} data-testid={`chart-${series.key}`} aria-label={t(series.label)}>
      <figcaption class="hl-chart-head">
        <span class="hl-chart-title">{t(series.label)}</span>
        <span class="hl-chart-range">
          {whole ? t('health.minAvgMax', { min: series.format(whole.min), avg: series.format(whole.avg), max: series.format(whole.max) }) : t('health.chartEmpty')}
        </span>
      </figcaption>
      <svg class="hl-chart-svg" viewBox={`0 0 ${CHART.width} ${CHART.height}`} preserveAspectRatio="none" role="img" aria-hidden="true">
        <line class="hl-chart-grid" x1="0" y1={CHART.height / 2} x2={CHART.width} y2={CHART.height / 2} />
        {paths && <path class="hl-chart-band" d={paths.band} />}
        {paths && <path class="hl-chart-line" d={paths.line} vector-effect="non-scaling-stroke" data-testid={`chart-${series.key}-line`} />}
      </svg>
      <div class="hl-chart-axis">
        <span>−48 h</span>
        <span>−24 h</span>
        <span>{fmt.time(props.now)}</span>
      </div>
    </figure>
  );
}

function kioskCard(o: HealthOverview) {
  const k = o.kiosk;
  if (!k.connected) {
    return (
      <Card
        label={t('health.kiosk')}
        value={t('health.kioskGone')}
        detail={k.lastSeenAt === null ? t('health.kioskNever') : t('health.kioskLastSeen', { time: fmt.dateTime(k.lastSeenAt) })}
        tone="warn"
        testId="health-kiosk"
      />
    );
  }
  const screen = k.screen ? t(`health.screen.${k.screen}` as MessageKey) : '—';
  const detail = k.visible === false ? t('health.kioskHidden') : t('health.kioskDetail', { screen, width: k.width ?? 0, height: k.height ?? 0 });
  return <Card label={t('health.kiosk')} value={t('health.kioskConnected')} detail={detail} tone={k.visible === false ? 'warn' : 'ok'} testId="health-kiosk" />;
}

function hubCard(o: HealthOverview) {
  const h = o.hub;
  const skew = h.skewMs === null ? null : t('health.skew', { min: Math.round(h.skewMs / 60_000) });
  if (!h.configured) return <Card label={t('health.hub')} value={t('health.hubNone')} detail={t('health.hubNoneDetail')} testId="health-hub" />;
  if (h.reachable === null) return <Card label={t('health.hub')} value={t('health.hubUnknown')} detail={h.url ?? undefined} testId="health-hub" />;
  if (h.reachable) {
    const latency = o.latest?.hubLatencyMs;
    const detail = [latency != null ? t('health.hubLatency', { ms: latency }) : null, skew].filter(Boolean).join('；');
    return <Card label={t('health.hub')} value={t('health.hubOk')} detail={detail || undefined} tone="ok" testId="health-hub" />;
  }
  const since = h.failingSince === null ? undefined : t('health.hubFailingSince', { when: fmt.dateTime(h.failingSince) });
  return <Card label={t('health.hub')} value={t('health.hubDown')} detail={since} tone="warn" testId="health-hub" />;
}

export function HealthPanel(props: { overview: HealthOverview; now: number }) {
  const o = props.overview;
  const s = o.latest;
  const hasTemp = o.series.some((a) => a.cpuTempC !== null) || s?.cpuTempC != null;
  return (
    <section class="hl-panel" data-testid="health-panel">
      <header class="adm-panel-head">
        <h3 class="adm-h3">{t('health.title')}</h3>
        {s && <span class="adm-footnote">{t('health.sampledAt', { time: fmt.time(s.at) })}</span>}
      </header>
      {!s ? (
        <p class="adm-empty" data-testid="health-no-sample">{t('health.noSample')}</p>
      ) : (
        <div class="adm-figures adm-figures-grid" data-testid="health-figures">
          <Card label={t('health.cpu')} value={s.cpuLoadPct === null ? '—' : pct(s.cpuLoadPct)} testId="health-cpu" />
          <Card
            label={t('health.temperature')}
            value={s.cpuTempC === null ? '—' : t('health.celsius', { t: s.cpuTempC.toFixed(0) })}
            detail={s.cpuTempC === null ? t('health.noSensor') : undefined}
            tone={s.cpuTempC !== null && s.cpuTempC > 80 ? 'warn' : undefined}
            testId="health-temperature"
          />
          {kioskCard(o)}
          {hubCard(o)}
        </div>
      )}
      {s && s.problems.length > 0 && <p class="adm-footnote" data-testid="health-problems">{t('health.problems', { list: s.problems.join('；') })}</p>}
      <h3 class="adm-h3">{t('health.chartsTitle')}</h3>
      <p class="adm-footnote">{t('health.explain')}</p>
      <div class="hl-charts" data-testid="health-charts">
        {SERIES.filter((x) => x.key !== 'temperature' || hasTemp).map((x) => (
          <Chart key={x.key} series={x} overview={o} now={props.now} />
        ))}
      </div>
    </section>
  );
}
