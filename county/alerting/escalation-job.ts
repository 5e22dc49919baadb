// The hub's escalation, once a minute: the alerts standing now (views/station-rows.ts alertsByStation, the same
// the dashboard shows) open cases; cases whose alert is gone close; each open case whose next rung is due is
// claimed (one hub process wins it) and that rung's contacts are told, every delivery logged. The cases are
// judged on the hub's clock at each round, so an alert that stood and cleared between two rounds is never told.
import type { HubContext } from '../hub-context.ts';
import { alertsByStation } from '../views/station-rows.ts';
import type { HubAlert } from '../figures/alerts.pure.ts';
import { caseCode, ladderOf, nextNotice, ruleKind, type LadderRung } from './escalation.pure.ts';
import { noticeMessage } from './notice-text.pure.ts';
import { alertRules } from './alert-settings.ts';
import type { NotifyContact } from '../store/alerting-store.ts';
import type { Notifier } from '../notify/notifier.ts';
import { startPeriodic, type PeriodicJob } from '../periodic-job.ts';

export interface EscalationRound {
  opened: number;
  closed: number;
  told: number;
  delivered: number;
}

const key = (stationId: string, code: string) => `${stationId}\u0000${code}`;

export async function escalateOnce(ctx: HubContext, notifier: Notifier): Promise<EscalationRound> {
  const round: EscalationRound = { opened: 0, closed: 0, told: 0, delivered: 0 };
  // A hub with nobody to tell keeps no cases: the dashboard's alerts are computed as they stand, as before.
  // The contacts are read once a round: the ladders below are built from this same list.
  const contacts = await ctx.alerting.contacts();
  if (contacts.length === 0) return round;
  const now = ctx.now();
  const stations = await ctx.stations.list();
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const standing = new Map<string, HubAlert>();
  for (const [stationId, alerts] of await alertsByStation(ctx, stations)) {
    for (const a of alerts) standing.set(key(stationId, caseCode(a)), a);
  }
  const open = await ctx.alerting.openCases();
  const openKeys = new Set(open.map((c) => key(c.stationId, c.code)));
  for (const c of open) {
    if (!standing.has(key(c.stationId, c.code))) {
      await ctx.alerting.closeCase(c.id, now);
      round.closed++;
    }
  }
  for (const [k, a] of standing) {
    if (openKeys.has(k)) continue;
    await ctx.alerting.openCase(a.stationId, caseCode(a), a.message, now);
    round.opened++;
  }

  const rules = await alertRules(ctx.database.kysely);
  const ladders = laddersFor(ctx, contacts);
  for (const c of await ctx.alerting.openCases()) {
    const alert = standing.get(key(c.stationId, c.code));
    if (alert === undefined) continue;
    const ladder = await ladders(c.stationId);
    const next = nextNotice(c, rules[ruleKind(c.code)], ladder.rungs.length);
    if (next === null || next.dueAt > now) continue;
    if (!(await ctx.alerting.claimRung(c.id, next.rung, now))) continue;
    const rung = ladder.rungs[next.rung]!;
    const message = noticeMessage({
      kind: ruleKind(c.code),
      alertText: alert.message,
      stationName: names.get(c.stationId) ?? c.stationId,
      place: ladder.place,
      openedAt: c.openedAt,
      timeZone: ctx.timeZone,
      toldBefore: ladder.rungs.slice(0, next.rung).map((r) => r.name),
    });
    round.told++;
    await Promise.all(
      rung.contacts.map(async (contact) => {
        const delivery = await notifier.send(contact, message);
        if (delivery.ok) round.delivered++;
        await ctx.alerting.recordDelivery({
          caseId: c.id,
          rung: next.rung,
          rungName: rung.name,
          contactId: contact.id,
          channel: contact.channel,
          delivered: delivery.ok,
          tries: delivery.tries,
          providerRef: delivery.providerRef,
          at: ctx.now(),
        });
      }),
    );
  }
  return round;
}

/** Each station's ladder of `contacts` and the names of its units from the top, each station's read once per round. */
function laddersFor(ctx: HubContext, contacts: readonly NotifyContact[]): (stationId: string) => Promise<{ rungs: LadderRung<NotifyContact>[]; place: string[] }> {
  const byStation = new Map<string, NotifyContact[]>();
  const byUnit = new Map<string, NotifyContact[]>();
  const desk: NotifyContact[] = [];
  for (const c of contacts) {
    if (c.stationId !== null) push(byStation, c.stationId, c);
    else if (c.unitId !== null) push(byUnit, c.unitId, c);
    else desk.push(c);
  }
  const cache = new Map<string, { rungs: LadderRung<NotifyContact>[]; place: string[] }>();
  return async (stationId) => {
    const known = cache.get(stationId);
    if (known) return known;
    const unitId = (await ctx.org.placeOf(stationId))?.unitId ?? null;
    const path = unitId === null ? [] : await ctx.org.pathTo(unitId);
    const up = [...path].reverse().map((u) => ({ id: u.id, name: u.name, contacts: byUnit.get(u.id) ?? [] }));
    const ladder = { rungs: ladderOf(byStation.get(stationId) ?? [], up, desk), place: path.map((u) => u.name) };
    cache.set(stationId, ladder);
    return ladder;
  };
}

function push<V>(map: Map<string, V[]>, k: string, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

export type EscalationJob = PeriodicJob;

export const ESCALATION_EVERY_MS = 60_000;

/** A round now and every minute; a failure is logged and the next round tries again. */
export function startEscalation(ctx: HubContext, notifier: Notifier, log: { info(msg: string): void; warn(msg: string): void }, everyMs = ESCALATION_EVERY_MS): EscalationJob {
  return startPeriodic(
    async () => {
      const r = await escalateOnce(ctx, notifier);
      if (r.told > 0 || r.opened > 0 || r.closed > 0) log.info(`告警：新 ${r.opened}、解除 ${r.closed}、通知 ${r.told} 级（送达 ${r.delivered}）/ alerts: ${r.opened} opened, ${r.closed} closed, ${r.told} rungs told, ${r.delivered} delivered`);
    },
    everyMs,
    (err) => log.warn(`告警通知未能完成，下一分钟再试 / alert escalation failed, tried again next minute: ${err instanceof Error ? err.message : String(err)}`),
  );
}
