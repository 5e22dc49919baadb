// The overview's charts as Chart.js configurations: each station's participation rate this month (bars,
// stations below the minimum in another colour and named so in the legend), and terminals online now.
import type { ChartConfiguration } from './chart-setup.ts';
import { COLORS } from './chart-setup.ts';
import { paren, t } from '../i18n/i18n.ts';
import type { Overview, RankedRow } from '../api-types.ts';

/** Long station names are cut on the axis; the tooltip has them whole. */
function short(name: string, max = 9): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** Stations with a rate, best first; those that have not reported are left out (their rate does not exist). */
export function participationByStation(rows: readonly RankedRow[]): ChartConfiguration<'bar'> {
  const reported = rows.filter((r) => r.participationRate !== null).sort((a, b) => b.participationRate! - a.participationRate!);
  const percent = reported.map((r) => Math.round(r.participationRate! * 1000) / 10);
  return {
    type: 'bar',
    data: {
      labels: reported.map((r) => short(r.name)),
      datasets: [
        {
          label: t('chart.rate'),
          data: percent,
          backgroundColor: reported.map((r) => (r.compliant ? COLORS.primary : COLORS.warn)),
          borderRadius: 2,
          barPercentage: 0.72,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%`, stepSize: 25 }, grid: { color: COLORS.faint } },
        y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 12 } } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => reported[items[0]!.dataIndex]!.name,
            label: (item) => {
              const r = reported[item.dataIndex]!;
              return `${t('chart.rate')} ${percent[item.dataIndex]}%${paren(`${r.attendedRegistered}/${r.registered}`)}${r.compliant ? '' : ` · ${t('chart.byStation.below')}`}`;
            },
          },
        },
      },
    },
  };
}

export function onlineDoughnut(overview: Overview): ChartConfiguration<'doughnut'> {
  const online = overview.online.now;
  const offline = overview.stations.enrolled - online;
  const pending = overview.stations.pendingEnrollment;
  return {
    type: 'doughnut',
    data: {
      labels: [t('chart.online.on'), t('chart.online.off'), t('chart.online.pending')],
      datasets: [{ data: [online, offline, pending], backgroundColor: [COLORS.good, COLORS.muted, COLORS.faint], borderWidth: 1, borderColor: '#fff' }],
    },
    options: { cutout: '68%', plugins: { legend: { display: false } } },
  };
}
