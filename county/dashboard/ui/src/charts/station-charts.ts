// A station page's charts as Chart.js configurations: uptime per day for the last 30 days, and the last
// 12 months' participation rate with the group viewings held against the required minimum. A day or month
// with no figures (before the station enrolled, or still to come) is a gap in every series, never a zero.
import type { ChartConfiguration } from './chart-setup.ts';
import { COLORS } from './chart-setup.ts';
import { paren, t } from '../i18n/i18n.ts';
import type { StationDetail } from '../api-types.ts';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

export function uptimeTimeline(detail: StationDetail): ChartConfiguration<'bar'> {
  const days = detail.uptimeTimeline;
  return {
    type: 'bar',
    data: {
      // MM-DD: the year is in the page's header, and 30 labels must fit.
      labels: days.map((d) => d.date.slice(5)),
      datasets: [
        {
          label: t('station.uptime.series'),
          data: days.map((d) => percent(d.share)),
          // One colour: there is no county standard for a day's uptime to judge bars against.
          backgroundColor: COLORS.good,
          borderRadius: 1,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      scales: {
        y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: COLORS.faint } },
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => days[items[0]!.dataIndex]!.date,
            label: (item) => {
              const share = days[item.dataIndex]!.share;
              return share === null ? t('station.uptime.none') : `${t('station.uptime.series')} ${percent(share)}%`;
            },
          },
        },
      },
    },
  };
}

export function participationSeries(detail: StationDetail): ChartConfiguration<'bar' | 'line'> {
  const months = detail.participationSeries;
  return {
    type: 'bar',
    data: {
      labels: months.map((m) => m.month),
      datasets: [
        {
          type: 'bar',
          label: t('station.participation.rate'),
          data: months.map((m) => percent(m.participationRate)),
          backgroundColor: COLORS.primary,
          borderRadius: 2,
          barPercentage: 0.6,
          pointStyle: 'rect',
          yAxisID: 'rate',
          order: 2,
        },
        {
          // Dots, not a line: a month's count stands on its own, and the minimum's dashed line stays visible
          // under them — a dot below it is a month below the minimum.
          type: 'line',
          label: t('station.participation.held'),
          data: months.map((m) => m.sessionsHeld),
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 5,
          pointHoverRadius: 7,
          borderColor: COLORS.ink,
          backgroundColor: months.map((m) => (m.compliant === false ? COLORS.bad : COLORS.ink)),
          yAxisID: 'count',
          order: 0,
        },
        {
          type: 'line',
          label: t('station.participation.required'),
          data: months.map((m) => m.sessionsRequired),
          borderColor: COLORS.bad,
          backgroundColor: COLORS.bad,
          borderDash: [6, 4],
          borderWidth: 1.5,
          pointRadius: 0,
          pointStyle: 'line',
          stepped: 'middle',
          yAxisID: 'count',
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        rate: { type: 'linear', position: 'left', min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: COLORS.faint } },
        count: {
          type: 'linear',
          position: 'right',
          min: 0,
          suggestedMax: Math.max(3, ...months.map((m) => Math.max(m.sessionsHeld ?? 0, m.sessionsRequired ?? 0) + 1)),
          ticks: { stepSize: 1, precision: 0 },
          title: { display: true, text: t('station.participation.countAxis') },
          grid: { display: false },
        },
        // A month without data keeps its label, muted, so the gap reads as "nothing known" rather than a fault.
        x: { grid: { display: false }, ticks: { maxRotation: 0, color: (c) => (months[c.index]?.sessionsHeld === null ? COLORS.muted : COLORS.axis) } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const m = months[item.dataIndex]!;
              if (m.sessionsHeld === null) return t('station.participation.noData');
              if (item.datasetIndex === 0) return m.participationRate === null ? `${t('station.participation.rate')} —` : `${t('station.participation.rate')} ${percent(m.participationRate)}%${paren(`${m.attendedRegistered}/${m.registered}`)}`;
              return `${item.dataset.label ?? ''} ${item.formattedValue}`;
            },
          },
        },
      },
    },
  };
}
