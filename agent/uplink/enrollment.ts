// Joining a county hub: exchange the one-time code for the station's id and secret, and decide what of the
// records queued before that day the county gets.
//
// Decision — records queued before the FIRST enrollment: the county gets this month's group-viewing reports
// ('session' events dated in the current station-local month), so this month's figures on the county's
// station page are whole; everything else queued before (older sessions, station-log lines, library and
// alert events, heartbeats) is set aside. The county's monthly figures do not depend on it: the uplink
// sends a month_summary computed from the station's own records. A station that carries the demo data
// (npm start) is refused unless --force, and then nothing queued before is sent, because the demo's
// viewings never happened. Setting aside uses the outbox's only retirement, delivered_at (the outbox has no
// other state); how many were set aside is kept in the 'uplink.enrollment' setting and the station log.
// A re-enrollment (a rotated secret, a moved hub) keeps everything pending: those are real records.
import type { Db } from '../store/database.ts';
import { inTransaction } from '../store/database.ts';
import { readSetting, readStationSettings, writeSetting, writeStationSettings } from '../settings/settings-store.ts';
import { DEFAULT_SETTINGS } from '../settings/station-settings.ts';
import { markDelivered, pendingOutbox } from '../outbox/outbox-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { localDateOf } from '../clock/local-time.ts';
import { DEMO_SEEDED_SETTING } from '../demo/seed-demo.ts';
import { ENROLL_PATH, EnrollReplySchema, measureSkew, type EnrollReply } from './protocol.ts';
import { NO_REDIRECTS, ReplyTooLarge, isRedirect, readReply } from './hub-reply.ts';
import {
  DOWNLINK_VERSION_SETTING,
  ENROLLMENT_SETTING,
  HUB_SKEW_SETTING,
  SECRET_SETTING,
  readEnrollment,
  readUplinkConfig,
  type EnrollmentRecord,
} from './uplink-settings.ts';

// Compiled with the first reply (typebox's compiler loaded then), not while the agent starts.
const compileReplyCheck = async () => (await import('typebox/compile')).Compile(EnrollReplySchema);
let replyCheck: ReturnType<typeof compileReplyCheck> | undefined;
const checkReply = () => (replyCheck ??= compileReplyCheck());

export type EnrollmentErrorCode = 'bad_hub_url' | 'already_enrolled' | 'demo_station' | 'hub_unreachable' | 'refused' | 'bad_reply';

export class EnrollmentError extends Error {
  constructor(
    readonly code: EnrollmentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

export interface EnrollOptions {
  hubUrl: string;
  code: string;
  now?: () => number;
  /** Enroll although already enrolled or carrying the demo data. */
  force?: boolean;
  actor?: string;
  timeoutMs?: number;
}

export interface EnrollResult extends EnrollmentRecord {
  stationName: string;
  grade: EnrollReply['station']['grade'];
  skewMs: number;
}

/** 'hub.example.cn:8730/' → 'http://hub.example.cn:8730'; refuses what is not an http(s) address. */
export function normalizeHubUrl(input: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(input.trim()) ? input.trim() : `http://${input.trim()}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EnrollmentError('bad_hub_url', `平台地址无效：“${input}” / not a hub address: "${input}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnrollmentError('bad_hub_url', `平台地址应以 http:// 或 https:// 开头：“${input}” / the hub address must be http(s)`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export async function enroll(db: Db, options: EnrollOptions): Promise<EnrollResult> {
  const now = options.now ?? Date.now;
  const hubUrl = normalizeHubUrl(options.hubUrl);
  const current = readUplinkConfig(db);
  if (current && !options.force) {
    throw new EnrollmentError(
      'already_enrolled',
      `本站点已加入县级管理平台（${current.hubUrl}，站点编号 ${current.stationId}）；如需重新加入请加 --force / already enrolled (${current.stationId}); add --force to enroll again`,
    );
  }
  const demo = readSetting(db, DEMO_SEEDED_SETTING) !== undefined;
  if (demo && !options.force) {
    throw new EnrollmentError(
      'demo_station',
      '本站点载有演示数据，加入县级管理平台会把演示记录当作真实记录；请用新的数据目录加入，或加 --force / this station holds the demo data; enroll a fresh data directory, or add --force',
    );
  }

  const sentAt = now();
  let response: Response;
  try {
    response = await fetch(`${hubUrl}${ENROLL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: options.code }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      ...NO_REDIRECTS,
    });
  } catch (err) {
    if (isRedirect(err)) throw new EnrollmentError('bad_reply', `${hubUrl} 答复了重定向，未跟随；请填写县级管理平台的确切地址 / the address answered with a redirect, not followed: give the hub's exact address`);
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new EnrollmentError('hub_unreachable', `连不上县级管理平台 ${hubUrl}（${cause}），请检查地址和网络 / cannot reach the hub (${cause})`);
  }
  const receivedAt = now();
  let text: string;
  try {
    text = await readReply(response);
  } catch (err) {
    if (err instanceof ReplyTooLarge) throw new EnrollmentError('bad_reply', `${hubUrl} 的回答过大，不是县级管理平台的加入答复 / the address did not answer as a county hub (reply too large)`);
    throw new EnrollmentError('hub_unreachable', `读取 ${hubUrl} 的答复时连接中断 / the connection broke while reading the reply`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${response.status}`;
    throw new EnrollmentError('refused', `县级管理平台拒绝加入：${message}`);
  }
  const check = await checkReply();
  if (!check.Check(body)) {
    throw new EnrollmentError('bad_reply', `${hubUrl} 的回答不是县级管理平台的加入答复 / the address did not answer as a county hub`);
  }
  const reply = body;
  const skewMs = measureSkew(sentAt, receivedAt, reply.hubTime);
  const at = now();

  return inTransaction(db, () => {
    const firstEnrollment = readEnrollment(db) === null;
    const settings = readStationSettings(db);
    writeStationSettings(
      db,
      {
        stationId: reply.stationId,
        hubUrl,
        // The county decides the site grade (at inspection); the name only fills in a station never named.
        grade: reply.station.grade,
        ...(settings.stationName === DEFAULT_SETTINGS.stationName ? { stationName: reply.station.name } : {}),
      },
      at,
    );
    writeSetting(db, SECRET_SETTING, reply.secret, at);
    writeSetting(db, HUB_SKEW_SETTING, skewMs, at);
    // A new hub's downlink must be applied even if it happens to equal what the old one sent last.
    writeSetting(db, DOWNLINK_VERSION_SETTING, null, at);

    let dropped = 0;
    let kept = 0;
    if (firstEnrollment || demo) {
      const month = localDateOf(at, settings.timeZone).slice(0, 7);
      const pending = pendingOutbox(db, Number.MAX_SAFE_INTEGER);
      const keep = (e: (typeof pending)[number]) =>
        !demo && e.type === 'session' && String((e.body as { date?: unknown }).date ?? '').startsWith(month);
      const setAside = pending.filter((e) => !keep(e)).map((e) => e.id);
      dropped = markDelivered(db, setAside, at);
      kept = pending.length - setAside.length;
    }
    const record: EnrollmentRecord = { stationId: reply.stationId, hubUrl, enrolledAt: at, dropped, kept };
    writeSetting(db, ENROLLMENT_SETTING, record, at);
    appendStationLog(db, {
      type: 'station',
      actor: options.actor ?? 'cli',
      at,
      message:
        `已加入县级管理平台（站点编号 ${reply.stationId}）` +
        (dropped > 0 ? `；加入前的 ${dropped} 条记录不上报${kept > 0 ? `，本月 ${kept} 次集中收看记录照常上报` : ''}` : ''),
      detail: { hubUrl, stationId: reply.stationId, dropped, kept, skewMs },
    });
    return { ...record, stationName: readStationSettings(db).stationName, grade: reply.station.grade, skewMs };
  });
}
