// A station's latest health report (a 15-minute aggregate from the terminal) as a short list of readings.
// The report is the station's JSON as it came; every field is read defensively, a missing one shows "—".
import { fmt } from '../format.ts';
import { paren, t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import type { StationDetail } from '../api-types.ts';

interface Range {
  min: number;
  avg: number;
  max: number;
}

/** A reading that is a number, or a {min,avg,max} range (aggregates), as a range. */
function range(value: unknown): Range | null {
  if (typeof value === 'number') return { min: value, avg: value, max: value };
  const r = value as Partial<Range> | null;
  return r && typeof r.avg === 'number' && typeof r.min === 'number' && typeof r.max === 'number' ? { min: r.min, avg: r.avg, max: r.max } : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// The station's figures come as it sent them: a part larger than its whole (or a negative one) would read as
// "779555800 %"; a share is shown within 0–100 %.
const share = (part: number, whole: number) => fmt.pct(whole > 0 && Number.isFinite(part) ? Math.min(1, Math.max(0, part / whole)) : null, 0);

export function HealthPanel({ health }: { health: StationDetail['latestHealth'] }) {
  if (!health) return <Empty>{t('station.health.empty')}</Empty>;
  const r = health.report;
  const cpu = range(r['cpuLoadPct']);
  const memUsed = range(r['memUsedBytes']);
  const memTotal = num(r['memTotalBytes']);
  const diskFree = range(r['diskFreeBytes']);
  const diskTotal = num(r['diskTotalBytes']);
  const temp = range(r['cpuTempC']);
  const uptime = num(r['uptimeMaxSeconds']);
  const samples = num(r['samples']);
  const kiosk = num(r['kioskConnected']);
  const hubChecks = num(r['hubChecks']);
  const hubOk = num(r['hubReachable']);
  const diskLow = diskFree !== null && diskTotal !== null && diskFree.min / diskTotal < 0.1;

  const kioskText =
    kiosk === null || samples === null || samples === 0
      ? '—'
      : kiosk >= samples
        ? t('station.health.kiosk.on')
        : kiosk === 0
          ? t('station.health.kiosk.off')
          : t('station.health.kiosk.part', { share: share(samples - kiosk, samples) });

  return (
    <div data-testid="health">
      <p class="panel-note">{t('station.health.at', { time: fmt.dateTime(health.at) })}</p>
      <dl class="readings">
        <dt>{t('station.health.cpu')}</dt>
        <dd>{cpu ? t('station.health.cpu.value', { avg: `${Math.round(cpu.avg)}%`, max: `${Math.round(cpu.max)}%` }) : '—'}</dd>
        <dt>{t('station.health.memory')}</dt>
        <dd>{memUsed && memTotal ? `${fmt.bytes(memUsed.avg)} / ${fmt.bytes(memTotal)}${paren(share(memUsed.avg, memTotal))}` : '—'}</dd>
        <dt>{t('station.health.disk')}</dt>
        <dd class={diskLow ? 'text-bad' : undefined}>
          {diskFree && diskTotal ? `${fmt.bytes(diskFree.min)} / ${fmt.bytes(diskTotal)}${paren(share(diskFree.min, diskTotal))}` : '—'}
          {diskLow && <span class="tag tag-bad">{t('station.health.disk.low')}</span>}
        </dd>
        <dt>{t('station.health.temp')}</dt>
        <dd>{temp ? t('station.health.temp.value', { avg: `${Math.round(temp.avg)} °C`, max: `${Math.round(temp.max)} °C` }) : t('station.health.noSensor')}</dd>
        <dt>{t('station.health.uptime')}</dt>
        <dd>{fmt.duration(uptime)}</dd>
        <dt>{t('station.health.kiosk')}</dt>
        <dd class={kiosk === 0 ? 'text-bad' : undefined}>{kioskText}</dd>
        <dt>{t('station.health.hub')}</dt>
        <dd>{hubChecks !== null && hubOk !== null && hubChecks > 0 ? t('station.health.hub.value', { ok: hubOk, all: hubChecks }) : '—'}</dd>
      </dl>
    </div>
  );
}
