// A station's downlink, assembled for it (its unit path, its grade and id for targets, its withdrawn PIN reset
// codes) and marked sent for each program and notice it carries: what a report's answer and GET /api/v1/wait
// both hand the station.
import type { HubContext } from '../hub-context.ts';
import { downlinkVersion, type Downlink } from '../../protocol/downlink.pure.ts';
import { dateOf } from '../views/calendar.pure.ts';

export async function stationDownlink(ctx: HubContext, station: { id: string; unitId: string | null; grade: string }, now: number): Promise<Downlink> {
  const withdrawn = await ctx.pinResets.withdrawnFor(station.id, now);
  // The station's unit and its ancestors: what they sent down reaches it too (none on a county-only hub).
  const unitPath = station.unitId === null ? [] : (await ctx.org.pathTo(station.unitId)).map((u) => u.id);
  const downlink = await ctx.downlink.downlink(dateOf(now, ctx.timeZone), withdrawn, unitPath, { id: station.id, grade: station.grade });
  // Remote help: the station's open commands ride along (and change the version, which wakes a waiting station).
  const remoteHelp = await ctx.remoteHelp.pendingFor(station.id, now);
  if (remoteHelp.length === 0) return downlink;
  const { version: _version, ...content } = downlink;
  return { version: downlinkVersion({ ...content, remoteHelp }), ...content, remoteHelp };
}

/** Records that the station fetched the downlink's programs and notices (first time only). */
export async function markSent(ctx: HubContext, stationId: string, downlink: Downlink, now: number): Promise<void> {
  await ctx.deliveries.recordSent(stationId, [...downlink.programs.map((p) => p.id), ...downlink.notices.map((n) => n.id)], now);
  await ctx.remoteHelp.markDelivered(stationId, (downlink.remoteHelp ?? []).map((c) => c.id), now);
}
