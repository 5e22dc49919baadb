// The overview's map: a dot per station that has coordinates, on a plain SVG (no tiles, no network — hubs run on
// government intranets), coloured by online now and by whether it held the month's minimum. A dot is a link:
// its name shows on hover and on focus, Enter or a click opens the station (the month kept); Tab and the arrow
// keys move between dots, west to east.
import { useMemo, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { routeHref } from '../routing.ts';
import { projectStations } from './station-map.pure.ts';
import type { MapPlace } from '../api-types.ts';

const WIDTH = 400;
const MAX_HEIGHT = 300;

type Tone = 'good' | 'warn' | 'off' | 'pending';

function toneOf(p: MapPlace): Tone {
  if (!p.enrolled) return 'pending';
  if (!p.online) return 'off';
  return p.compliant === false ? 'warn' : 'good';
}

function stateText(p: MapPlace, monthComplete: boolean): string {
  if (!p.enrolled) return t('org.map.state.pending');
  const online = t(p.online ? 'org.map.state.online' : 'org.map.state.offline');
  if (p.compliant === null) return online;
  const met: MessageKey = p.compliant ? 'org.map.state.compliant' : monthComplete ? 'org.map.state.below' : 'org.map.state.running';
  return `${online} · ${t(met)}`;
}

const LEGEND: [Tone, MessageKey][] = [
  ['good', 'org.map.legend.good'],
  ['warn', 'org.map.legend.warn'],
  ['off', 'org.map.legend.off'],
  ['pending', 'org.map.legend.pending'],
];

export function StationMap({ places, month, monthComplete, missing }: { places: readonly MapPlace[]; month: string; monthComplete: boolean; missing: number }) {
  const sorted = useMemo(() => [...places].sort((a, b) => a.longitude - b.longitude || b.latitude - a.latitude), [places]);
  const frame = useMemo(() => projectStations(sorted, WIDTH, MAX_HEIGHT), [sorted]);
  const [hot, setHot] = useState<string | null>(null);
  const radius = places.length > 400 ? 2.5 : places.length > 60 ? 4 : 6;
  const hotPoint = frame.points.find((p) => p.item.id === hot);

  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    const dots = [...(e.currentTarget as SVGElement).querySelectorAll<SVGAElement>('a.map-dot')];
    const at = dots.indexOf(document.activeElement as SVGAElement);
    dots[Math.max(0, Math.min(dots.length - 1, at + step))]?.focus();
    e.preventDefault();
  };

  return (
    <div class="station-map" data-testid="station-map">
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} width="100%" role="group" aria-label={t('org.map.label', { n: places.length })} onKeyDown={onKey}>
        <rect class="map-sea" x="0" y="0" width={frame.width} height={frame.height} rx="4" />
        {frame.meridians.map((m) => (
          <g key={`m${m.lon}`} class="map-grid">
            <line x1={m.x} x2={m.x} y1="0" y2={frame.height} />
            <text x={m.x + 3} y={frame.height - 5}>
              {m.lon}°E
            </text>
          </g>
        ))}
        {frame.parallels.map((p) => (
          <g key={`p${p.lat}`} class="map-grid">
            <line x1="0" x2={frame.width} y1={p.y} y2={p.y} />
            <text x="4" y={p.y - 3}>
              {p.lat}°N
            </text>
          </g>
        ))}
        {frame.points.map(({ item, x, y }) => (
          <a
            key={item.id}
            class={`map-dot map-dot-${toneOf(item)}`}
            href={routeHref({ page: 'station', id: item.id, month })}
            aria-label={`${item.name}：${stateText(item, monthComplete)}`}
            data-testid="map-dot"
            data-station={item.id}
            onMouseEnter={() => setHot(item.id)}
            onMouseLeave={() => setHot((h) => (h === item.id ? null : h))}
            onFocus={() => setHot(item.id)}
            onBlur={() => setHot((h) => (h === item.id ? null : h))}
          >
            <title>{`${item.name}：${stateText(item, monthComplete)}`}</title>
            <circle cx={x} cy={y} r={radius} />
          </a>
        ))}
        {hotPoint && (
          // Beside the dot, on the side with room (a name near the east edge runs west).
          <text class="map-label" data-testid="map-label" x={hotPoint.x > frame.width * 0.6 ? hotPoint.x - 9 : hotPoint.x + 9} y={Math.max(hotPoint.y - 8, 14)} text-anchor={hotPoint.x > frame.width * 0.6 ? 'end' : 'start'}>
            {hotPoint.item.name}
          </text>
        )}
      </svg>
      <div class="legend map-legend">
        {LEGEND.map(([tone, key]) => (
          <span key={tone}>
            <span class={`map-swatch map-dot-${tone}`} /> {t(key)}
          </span>
        ))}
      </div>
      {missing > 0 && <p class="panel-note">{t('org.map.missing', { n: missing })}</p>}
    </div>
  );
}
