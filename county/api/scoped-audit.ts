// The staff audit as a scoped staff member sees it: what staff of their subtree did, what their stations did
// (enrolment), and what anyone did to a station or unit of their subtree. A hub-wide staff member sees it all.
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { callerStations, callerUnits } from './caller-scope.ts';

type AuditEntry = Awaited<ReturnType<HubContext['staff']['auditLog']>>[number];

const PAGE = 500;
/** How far back a scoped reader's filter looks (pages of PAGE): the newest `limit` of their entries within it. */
const MAX_PAGES = 40;

export async function scopedAuditLog(ctx: HubContext, request: FastifyRequest, limit: number): Promise<AuditEntry[]> {
  const units = await callerUnits(ctx, request);
  if (units === null) return ctx.staff.auditLog(limit);
  const stations = (await callerStations(ctx, request)) ?? new Set<string>();
  const staff = new Set((await ctx.auth.listUsers()).filter((u) => u.unitId !== null && units.has(u.unitId)).map((u) => u.username.toLowerCase()));
  const keep = (e: AuditEntry): boolean => {
    if (staff.has(e.actor.toLowerCase())) return true;
    if (e.actor.startsWith('station:') && stations.has(e.actor.slice('station:'.length))) return true;
    const detail = (e.detail ?? {}) as { stationId?: unknown; unitId?: unknown };
    return (typeof detail.stationId === 'string' && stations.has(detail.stationId)) || (typeof detail.unitId === 'string' && units.has(detail.unitId));
  };
  const out: AuditEntry[] = [];
  let before: number | undefined;
  for (let page = 0; page < MAX_PAGES && out.length < limit; page += 1) {
    const rows = await ctx.staff.auditLog(PAGE, before);
    out.push(...rows.filter(keep));
    if (rows.length < PAGE) break;
    before = rows[rows.length - 1]!.id;
  }
  return out.slice(0, limit);
}
