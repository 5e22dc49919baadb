// What the player is doing, for telemetry and for tests (window.__yjPlayerStats, data-* on the host), and
// the part of it every report to the agent carries.
import type { Engine, PlayerPhase } from './playback-bus.ts';
import type { SourceKind } from './playback-errors.pure.ts';

export interface PlayerStats {
  phase: PlayerPhase;
  engine: Engine | null;
  source: SourceKind | null;
  url: string | null;
  fragmentsLoaded: number;
  bytesLoaded: number;
  bandwidthKbps: number | null;
  retries: number;
  fallbacks: number;
  stalls: number;
  /** Codes of every error seen, fatal or not, in order. */
  errors: string[];
  timeToFirstFrameMs: number | null;
  playedMs: number;
  positionSec: number;
  mutedByPolicy: boolean;
}

declare global {
  interface Window {
    __yjPlayerStats?: PlayerStats;
  }
}

/** Before anything loads; playedMs is what the agent already holds for the session. */
export function initialStats(playedMs: number): PlayerStats {
  return {
    phase: 'loading',
    engine: null,
    source: null,
    url: null,
    fragmentsLoaded: 0,
    bytesLoaded: 0,
    bandwidthKbps: null,
    retries: 0,
    fallbacks: 0,
    stalls: 0,
    errors: [],
    timeToFirstFrameMs: null,
    playedMs,
    positionSec: 0,
    mutedByPolicy: false,
  };
}

/** A fragment of the main stream arrived: counted, with hls.js's bandwidth estimate (bits/s) as it now is. */
export function countFragment(stats: PlayerStats, bytes: number, bandwidthEstimate: number): void {
  stats.fragmentsLoaded += 1;
  stats.bytesLoaded += bytes;
  stats.bandwidthKbps = Number.isFinite(bandwidthEstimate) && bandwidthEstimate > 0 ? Math.round(bandwidthEstimate / 1000) : null;
}

/** How the showing went so far, as each report to the agent says it. */
export function reportDetail(stats: PlayerStats): Record<string, unknown> {
  return {
    engine: stats.engine,
    source: stats.source,
    fragments: stats.fragmentsLoaded,
    bandwidthKbps: stats.bandwidthKbps,
    retries: stats.retries,
    fallbacks: stats.fallbacks,
    stalls: stats.stalls,
    muted: stats.mutedByPolicy,
  };
}

/** A copy on window (so a later change cannot alter what was read), and the phase on the host element. */
export function publishStats(stats: PlayerStats, host: HTMLElement): void {
  window.__yjPlayerStats = { ...stats, errors: [...stats.errors] };
  host.dataset.phase = stats.phase;
  host.dataset.engine = stats.engine ?? '';
  host.dataset.source = stats.source ?? '';
}
