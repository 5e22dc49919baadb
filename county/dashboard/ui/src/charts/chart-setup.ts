// Chart.js with only the parts the dashboard draws (bars, lines, a doughnut), and the house style: the
// page's font, muted axes, no animation (figures should simply be there, and a screenshot shows them).
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);

export const FONT_STACK = '"Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';

/** The dashboard's chart colours: calm, and distinct for people with red–green colour blindness by shade too. */
export const COLORS = {
  primary: '#2f6db5',
  primarySoft: 'rgba(47, 109, 181, 0.16)',
  good: '#2e8540',
  warn: '#d58512',
  bad: '#c0392b',
  muted: '#b8bec7',
  faint: '#e3e6ea',
  ink: '#1f2329',
  axis: '#4e5661',
};

Chart.defaults.font.family = FONT_STACK;
Chart.defaults.font.size = 12;
Chart.defaults.color = COLORS.axis;
Chart.defaults.borderColor = '#e6e8ec';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 12;
Chart.defaults.plugins.legend.labels.boxHeight = 12;

export { Chart };
export type { ChartConfiguration } from 'chart.js';
