// A station's downlink, assembled for it (its unit path, its grade and id for targets, its withdrawn PIN reset
// codes) and marked sent for each program and notice it carries: what a report's answer and GET /api/v1/wait
// both hand the station. What reaches its unit comes from this process's downlink cache (downlink-cache.ts).
import type { HubContext } from '../hub-context.ts';
import { downlinkVersion, type Downlink } from '../../protocol/downlink.pure.ts';
import type { Reporter } from '../store/station-store.ts';
import { assembleDownlink } from '../store/downlink-assembly.ts';
import { readDownlinkEpoch } from '../store/downlink-epoch.ts';
import { dateOf } from '../views/calendar.pure.ts';

/** What the station's own read said about its downlink (StationStore.reporterOf), read before the downlink is made. */
export type DownlinkNews = Pick<Reporter, 'downlinkEpoch' | 'withdrawnCodes' | 'openHelp'>;

/**
 * `news` from the station's read at the start of this request; without it (a wait looking again) it is read now.
 */
export async function stationDownlink(ctx: HubContext, station: { id: string; unitId: string | null; grade: string }, now: number, news?: DownlinkNews): Promise<Downlink> {
  const known = news ?? (await ctx.stations.reporterOf(station.id, now)) ?? { downlinkEpoch: await readDownlinkEpoch(ctx.database.kysely), withdrawnCodes: 1, openHelp: 1 };
  const unit = await ctx.downlinkCache.unit(station.unitId, known.downlinkEpoch);
  const withdrawn = known.withdrawnCodes > 0 ? await ctx.pinResets.withdrawnFor(station.id, now) : [];
  const downlink = assembleDownlink(unit, dateOf(now, ctx.timeZone), withdrawn, { id: station.id, grade: station.grade });
  // Remote help: the station's open commands ride along (and change the version, which wakes a waiting station).
  const remoteHelp = known.openHelp > 0 ? await ctx.remoteHelp.pendingFor(station.id, now) : [];
  if (remoteHelp.length === 0) return downlink;
  const { version: _version, ...content } = downlink;
  return { version: downlinkVersion({ ...content, remoteHelp }), ...content, remoteHelp };
}

/** Records that the station fetched the downlink's programs, notices and commands (first time only; once per version here). */
export async function markSent(ctx: HubContext, stationId: string, downlink: Downlink, now: number): Promise<void> {
  if (ctx.downlinkCache.recordedSent(stationId, downlink.version)) return;
  await ctx.deliveries.recordSent(stationId, [...downlink.programs.map((p) => p.id), ...downlink.notices.map((n) => n.id)], now);
  // Open remote-help commands are part of the version: a new one is a new version, marked here once.
  await ctx.remoteHelp.markDelivered(stationId, (downlink.remoteHelp ?? []).map((c) => c.id), now);
  ctx.downlinkCache.rememberSent(stationId, downlink.version);
}
