// A Chart.js chart on a canvas, redrawn when its configuration changes (callers memoise it on their data
// and the language). The canvas carries how many points it plots, for tests and screen readers' labels.
import { useEffect, useRef } from 'preact/hooks';
import { Chart, type ChartConfiguration } from '../charts/chart-setup.ts';

export function ChartCanvas({ config, label, height, testid }: { config: ChartConfiguration; label: string; height: number; testid: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart-box" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testid} data-points={config.data.labels?.length ?? 0} />
    </div>
  );
}
