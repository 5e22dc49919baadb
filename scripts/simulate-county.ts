// Simulates a county for demos and benchmarks: enrolls N virtual stations with a hub and replays a month of
// realistic reports through the real protocol (signed batches over HTTP): heartbeats with the terminal off at
// night and now and then for days, group viewings with attendance, health with a low disk here and there,
// station-log lines, alerts and month summaries.
//
//   npm run simulate:county -- [--stations 20] [--month YYYY-MM] [--seed 1] [--days N]
//                              [--hub URL --user NAME --password P]   (an existing hub; the user a county_admin)
//                              [--data DIR] [--port N] [--keep]       (else a hub of its own; --keep leaves it running)
//                              [--tree]   (own hub: 新疆 › 哈密市 › 2 counties × 3 townships, stations on the map)
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import type { EnrollReply } from '../protocol/enrollment.pure.ts';
import { measureSkew, signedHeaders, verifyReply } from '../protocol/signing.pure.ts';
import type { Grade } from '../protocol/site-grades.pure.ts';
import { ENROLL_PATH, HEADER_SIGNATURE, HEADER_TIMESTAMP, REPORTS_PATH, WAIT_PATH } from '../protocol/wire.pure.ts';
import { startHub, type RunningHub } from '../county/server.ts';
import type { OrgStore } from '../county/store/org-store.ts';
import { layOutSimTree } from './county-tree.ts';
import { stationHistory, stationName, stationProfile, type StationProfile } from './county-traffic.ts';

export interface SimEvent {
  id: string;
  type: string;
  at: number;
  body: Record<string, unknown>;
}

export interface SendResult {
  status: number;
  body: unknown;
  /** Whether the reply carried a valid signature of our hub for this request. */
  signed: boolean;
}

/** A station that speaks the uplink protocol without an agent behind it. */
export class VirtualStation {
  private skewMs = 0;

  constructor(
    readonly hubUrl: string,
    readonly stationId: string,
    readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  static async enroll(hubUrl: string, code: string, now: () => number = Date.now): Promise<VirtualStation> {
    const res = await fetch(`${hubUrl}${ENROLL_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const body = (await res.json()) as EnrollReply & { error?: { message: string } };
    if (!res.ok) throw new Error(`enrollment refused: ${body.error?.message ?? res.status}`);
    return new VirtualStation(hubUrl, body.stationId, body.secret, now);
  }

  event(type: string, at: number, body: Record<string, unknown>): SimEvent {
    return { id: randomUUID(), type, at, body };
  }

  /** Sends a raw body, signed as given (tests tamper with it afterwards through `mutate`). */
  async sendRaw(raw: string, options: { timestamp?: number; secret?: string; stationId?: string; mutate?: (raw: string) => string; headers?: Record<string, string> } = {}): Promise<SendResult> {
    const timestamp = options.timestamp ?? this.now() + this.skewMs;
    const headers = signedHeaders(options.stationId ?? this.stationId, options.secret ?? this.secret, timestamp, raw);
    const res = await fetch(`${this.hubUrl}${REPORTS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...options.headers },
      body: options.mutate ? options.mutate(raw) : raw,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const signed = verifyReply(this.secret, res.headers.get(HEADER_TIMESTAMP) ?? undefined, headers[HEADER_SIGNATURE]!, text, res.headers.get(HEADER_SIGNATURE) ?? undefined);
    return { status: res.status, body, signed };
  }

  /** Holds GET /api/v1/wait open as the agent does (issue 17): the new downlink, or null when unchanged. */
  async wait(since: string, waitSeconds = 50, signal?: AbortSignal): Promise<{ status: number; signed: boolean; body: unknown }> {
    const pathAndQuery = `${WAIT_PATH}?since=${encodeURIComponent(since)}&wait=${waitSeconds}`;
    const headers = signedHeaders(this.stationId, this.secret, this.now() + this.skewMs, pathAndQuery);
    const res = await fetch(`${this.hubUrl}${pathAndQuery}`, { headers, signal: signal ?? null });
    const text = await res.text();
    const signed = verifyReply(this.secret, res.headers.get(HEADER_TIMESTAMP) ?? undefined, headers[HEADER_SIGNATURE]!, text, res.headers.get(HEADER_SIGNATURE) ?? undefined);
    return { status: res.status, signed, body: JSON.parse(text) as unknown };
  }

  /** Sends events in order, in batches; corrects its clock once on a stale refusal, as the agent does. */
  async send(events: readonly SimEvent[], batchSize = 200): Promise<{ requests: number; stored: number }> {
    let requests = 0;
    let stored = 0;
    const batches: (readonly SimEvent[])[] = [];
    for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
    if (batches.length === 0) batches.push([]);
    for (const batch of batches) {
      const raw = JSON.stringify({ events: batch });
      for (let attempt = 0; ; attempt++) {
        const sentAt = this.now();
        const result = await this.sendRaw(raw);
        requests += 1;
        const reply = result.body as { hubTime?: number; stored?: string[]; error?: { hubTime?: number; code?: string } };
        const hubTime = reply.hubTime ?? reply.error?.hubTime;
        if (result.signed && typeof hubTime === 'number') this.skewMs = measureSkew(sentAt, this.now(), hubTime);
        if (result.status === 200) {
          stored += reply.stored?.length ?? 0;
          break;
        }
        if (reply.error?.code === 'stale_timestamp' && attempt === 0) continue;
        throw new Error(`report refused (${result.status}): ${JSON.stringify(result.body)}`);
      }
    }
    return { requests, stored };
  }
}

// ---------------------------------------------------------------------------------------------------

export interface SimulationOptions {
  hubUrl: string;
  /** A county administrator's session token (to register the stations). */
  token: string;
  stations: number;
  month: string;
  seed?: number;
  zone?: string;
  heartbeatMinutes?: number;
  /** Only the first N days of the month (tests keep it short). */
  days?: number;
  now?: () => number;
  /**
   * Sets the hub's clock, when the caller runs the hub (its own, or a test's): the stations are then enrolled
   * at the start of the month, so the month's uptime counts (uptime counts from enrollment). Without it, a
   * replayed past month shows no uptime on a live hub, by design.
   */
  setHubClock?: (at: number) => void;
  /**
   * The hub's org tree, when the caller runs the hub: the stations are then laid out under 新疆 › 哈密市 › two
   * counties × three townships with coordinates around 哈密 (scripts/county-tree.ts), for the navigator and the map.
   */
  orgTree?: OrgStore;
}

export interface SimulatedStation {
  id: string;
  name: string;
  grade: Grade;
  registered: number;
  attendedRegistered: number;
  excused: number;
  sessionsHeld: number;
  sessions: number;
  events: number;
}

export interface SimulationResult {
  month: string;
  stations: SimulatedStation[];
  events: number;
  requests: number;
  seconds: number;
  eventsPerSecond: number;
}

/** A small seeded generator (mulberry32), so a seed replays the same county. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function staffPost<T>(hubUrl: string, token: string, route: string, body: unknown): Promise<T> {
  const res = await fetch(`${hubUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${route}: ${json.error?.message ?? res.status}`);
  return json;
}

export async function simulateCounty(options: SimulationOptions): Promise<SimulationResult> {
  const rand = seededRandom(options.seed ?? 1);
  const zone = options.zone ?? 'Asia/Shanghai';
  const now = options.now ?? Date.now;
  const heartbeatMs = (options.heartbeatMinutes ?? 5) * 60_000;
  const monthStart = DateTime.fromISO(`${options.month}-01`, { zone });
  const daysInMonth = Math.min(options.days ?? monthStart.daysInMonth!, monthStart.daysInMonth!);
  // The month as it stands at the end of the days replayed (or now): its summary goes out a minute before.
  const until = Math.min(now(), monthStart.plus({ days: daysInMonth }).toMillis() - 60_000);
  const started = performance.now();
  const result: SimulationResult = { month: options.month, stations: [], events: 0, requests: 0, seconds: 0, eventsPerSecond: 0 };

  // All stations join first (at the month's start when the hub's clock is ours), then report.
  const enrolled: { station: VirtualStation; name: string; profile: StationProfile }[] = [];
  options.setHubClock?.(monthStart.toMillis());
  try {
    for (let n = 0; n < options.stations; n++) {
      const profile = stationProfile(rand);
      const name = stationName(n);
      const created = await staffPost<{ station: { id: string }; enrollment: { code: string } }>(options.hubUrl, options.token, '/api/county/stations', { name, grade: profile.grade });
      enrolled.push({ station: await VirtualStation.enroll(options.hubUrl, created.enrollment.code, now), name, profile });
    }
  } finally {
    options.setHubClock?.(now());
  }
  // Its own random stream, so laying out a tree leaves the stations' histories as the seed makes them without one.
  if (options.orgTree) await layOutSimTree(options.orgTree, enrolled.map((e) => e.station.stationId), seededRandom((options.seed ?? 1) + 7919), now());

  for (const { station, name, profile } of enrolled) {
    const events = stationHistory({ zone, firstDay: monthStart.toISODate()!, days: daysInMonth, until, heartbeatMs, healthEveryMs: 3_600_000, profile, rand });
    const sent = await station.send(events);
    // What the hub should show is what the month summary says (the last one sent, if the days end before it).
    const summary = events.findLast((e) => e.type === 'month_summary')?.body as { registered: number; attendedRegistered: number; excused: number; sessionsHeld: number } | undefined;
    result.requests += sent.requests;
    result.events += events.length;
    result.stations.push({
      id: station.stationId,
      name,
      grade: profile.grade,
      registered: summary?.registered ?? profile.registered - profile.excused,
      attendedRegistered: summary?.attendedRegistered ?? 0,
      excused: summary?.excused ?? profile.excused,
      sessionsHeld: summary?.sessionsHeld ?? 0,
      sessions: events.filter((e) => e.type === 'session').length,
      events: events.length,
    });
  }
  result.seconds = Math.round((performance.now() - started) / 10) / 100;
  result.eventsPerSecond = result.seconds === 0 ? result.events : Math.round(result.events / result.seconds);
  return result;
}

// ---------------------------------------------------------------------------------------------------

async function login(hubUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/county/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (!res.ok || !body.token) throw new Error(`login failed: ${body.error?.message ?? res.status}`);
  return body.token;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function cli(args: string[]): Promise<void> {
  const stations = Number(argValue(args, 'stations') ?? 20);
  const month = argValue(args, 'month') ?? DateTime.now().setZone('Asia/Shanghai').minus({ months: 1 }).toFormat('yyyy-MM');
  const seed = Number(argValue(args, 'seed') ?? 1);
  const days = argValue(args, 'days') === undefined ? undefined : Number(argValue(args, 'days'));
  let hub: RunningHub | null = null;
  // Our own hub runs on the real clock, except while the stations join (see setHubClock).
  let hubClock: number | null = null;
  let hubUrl = argValue(args, 'hub');
  let token: string;
  if (hubUrl) {
    const user = argValue(args, 'user');
    const password = argValue(args, 'password') ?? process.env.YUANJIAO_SIM_PASSWORD;
    if (!user || !password) throw new Error('--hub needs --user and --password (or YUANJIAO_SIM_PASSWORD) of a county administrator');
    token = await login(hubUrl, user, password);
  } else {
    const dataDir = argValue(args, 'data') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yj-county-sim-'));
    hub = await startHub({ dataDir, port: Number(argValue(args, 'port') ?? 0), now: () => hubClock ?? Date.now() });
    hubUrl = hub.url;
    const password = `sim-${randomUUID().slice(0, 8)}`;
    const username = `sim-admin-${randomUUID().slice(0, 4)}`;
    await hub.ctx.auth.addUser({ username, role: 'county_admin', password }, Date.now(), 'simulator');
    token = await login(hubUrl, username, password);
    process.stdout.write(`县级平台 / hub: ${hubUrl}  数据 / data: ${dataDir}\n登录 / login: ${username} / ${password}\n`);
  }
  process.stdout.write(`模拟 ${stations} 个站点，${month} / simulating ${stations} stations for ${month} …\n`);
  const setHubClock = hub ? (at: number) => (hubClock = at >= Date.now() - 1000 ? null : at) : undefined;
  // --tree: an org tree above the stations (our own hub only: units are laid out in its store).
  if (args.includes('--tree') && !hub) throw new Error('--tree needs the simulator’s own hub (leave out --hub)');
  const orgTree = args.includes('--tree') ? hub?.ctx.org : undefined;
  const r = await simulateCounty({ hubUrl, token, stations, month, seed, days, setHubClock, orgTree });
  process.stdout.write(`${r.events} 条记录，${r.requests} 次请求，${r.seconds} 秒（${r.eventsPerSecond} 条/秒）/ events, requests, seconds\n`);
  if (hub && !args.includes('--keep')) await hub.stop();
  else if (hub) process.stdout.write('平台继续运行，按 Ctrl+C 停止 / the hub keeps running; Ctrl+C stops it\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`错误 / error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
