// One headline figure: what it is, the number, and a line that says how it was counted.
import type { ComponentChildren } from 'preact';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad';

export function KpiCard({ label, value, unit, detail, tone = 'neutral', testid }: { label: string; value: string; unit?: string; detail?: ComponentChildren; tone?: Tone; testid: string }) {
  return (
    <div class={`kpi kpi-${tone}`} data-testid={testid}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">
        <span class="kpi-number" data-testid={`${testid}-value`}>
          {value}
        </span>
        {unit && <span class="kpi-unit">{unit}</span>}
      </div>
      {detail && (
        <div class="kpi-detail" data-testid={`${testid}-detail`}>
          {detail}
        </div>
      )}
    </div>
  );
}
