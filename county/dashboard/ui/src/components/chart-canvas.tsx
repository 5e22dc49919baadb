// A Chart.js chart on a canvas, redrawn when its configuration changes (callers memoise it on their data
// and the language). The canvas carries how many points it plots and which of them have no value in any
// series (drawn as gaps), for tests — the picture itself cannot be asked.
import { useEffect, useRef } from 'preact/hooks';
import { Chart, type ChartConfiguration } from '../charts/chart-setup.ts';

/** Indexes of the labels where every dataset has no value, comma-separated. */
function gapsOf(config: ChartConfiguration): string {
  const labels = config.data.labels ?? [];
  const empty = (i: number) => config.data.datasets.every((d) => (d.data as unknown[])[i] === null || (d.data as unknown[])[i] === undefined);
  return labels
    .map((_, i) => i)
    .filter(empty)
    .join(',');
}

export function ChartCanvas({ config, label, height, testid }: { config: ChartConfiguration; label: string; height: number; testid: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart-box" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testid} data-points={config.data.labels?.length ?? 0} data-gaps={gapsOf(config)} />
    </div>
  );
}
