// Many simulated stations for a real hub: registered and enrolled through the hub's own station store before
// the hub starts (set-up, not what is measured: over HTTP each enrollment is a durable commit of its own,
// and 500 of them take longer than the ingest they prepare), then handed to the simulator's VirtualStation,
// which signs and sends reports exactly as an agent does.
import { openHubDatabase } from '../../county/store/database.ts';
import { hubContext } from '../../county/hub-context.ts';
import { VirtualStation, type SimEvent } from '../../scripts/simulate-county.ts';
import type { Grade } from '../../protocol/site-grades.pure.ts';

export interface EnrolledStation {
  id: string;
  secret: string;
}

/** Registers each station, issues its one-time code and redeems it (untimed set-up: without waiting for the disk). */
export async function enrollInStore(hubDataDir: string, stations: readonly { name: string; grade: Grade }[], at: number): Promise<EnrolledStation[]> {
  const db = openHubDatabase(hubDataDir);
  try {
    db.pragma('synchronous = OFF');
    const ctx = hubContext(db, { now: () => at });
    const enrolled: EnrolledStation[] = [];
    for (const { name, grade } of stations) {
      const station = await ctx.stations.create({ name, grade }, at);
      const { secret } = await ctx.stations.redeemCode((await ctx.stations.issueCode(station.id, at, 'bench')).code, at);
      enrolled.push({ id: station.id, secret });
    }
    return enrolled;
  } finally {
    db.close();
  }
}

export function virtualStations(hubUrl: string, enrolled: readonly EnrolledStation[]): VirtualStation[] {
  return enrolled.map((s) => new VirtualStation(hubUrl, s.id, s.secret));
}

/** Registers one station and returns its one-time code, for a real agent to enroll with (`enroll()`). */
export async function registerForEnrollment(hubDataDir: string, name: string, grade: Grade, at: number): Promise<{ id: string; code: string }> {
  const db = openHubDatabase(hubDataDir);
  try {
    const ctx = hubContext(db, { now: () => at });
    const station = await ctx.stations.create({ name, grade }, at);
    return { id: station.id, code: (await ctx.stations.issueCode(station.id, at, 'bench')).code };
  } finally {
    db.close();
  }
}

/** Why a send failed, when it is worth sending again as the agent would (no answer, 408, 429, 5xx). */
function transientFailure(err: unknown): string | null {
  const message = err instanceof Error ? err.message : String(err);
  if (message === 'fetch failed') {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `no answer (${cause?.code ?? cause?.message ?? 'unknown'})`;
  }
  const status = /^report refused \((\d{3})\)/.exec(message)?.[1];
  return status !== undefined && (status === '408' || status === '429' || status.startsWith('5')) ? `HTTP ${status}` : null;
}

export interface SendTally {
  stored: number;
  requests: number;
  /** One entry per batch sent again, saying why. */
  retries: string[];
}

/**
 * Sends a station's events in batches, in order, sending a batch again after a transient failure as the
 * agent's uplink does (a resend is harmless: the hub stores each event id once). The agent would back off
 * 5 s and more; here a second, so a benchmark run is not mostly waiting.
 */
export async function sendInBatches(station: VirtualStation, batches: readonly (readonly SimEvent[])[], attempts = 4): Promise<SendTally> {
  const tally: SendTally = { stored: 0, requests: 0, retries: [] };
  for (const batch of batches) {
    for (let attempt = 1; ; attempt++) {
      try {
        const sent = await station.send(batch, batch.length);
        tally.stored += sent.stored;
        tally.requests += sent.requests;
        break;
      } catch (err) {
        const why = transientFailure(err);
        if (why === null || attempt >= attempts) throw err;
        tally.retries.push(why);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
  return tally;
}
