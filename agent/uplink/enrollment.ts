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
import { DEFAULT_SETTINGS } from '../settings/station-settings.pure.ts';
import { markDelivered, pendingOutbox } from '../outbox/outbox-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { localDateOf } from '../clock/local-time.pure.ts';
import { DEMO_SEEDED_SETTING } from '../demo/seed-demo.ts';
import { EnrollReplySchema, type EnrollReply } from '../../protocol/enrollment.pure.ts';
import { measureSkew } from '../../protocol/signing.pure.ts';
import { ENROLL_PATH } from '../../protocol/wire.pure.ts';
import { checkHubUrl, hubHostKind, InsecureHubUrlError } from './hub-address.ts';
import { hubRequest, HubTransportError, type HubAnswer } from './hub-transport.ts';
import {
  DOWNLINK_VERSION_SETTING,
  ENROLLMENT_SETTING,
  HUB_CA_SETTING,
  INSECURE_HTTP_SETTING,
  HUB_SKEW_SETTING,
  SECRET_SETTING,
  readEnrollment,
  readUplinkConfig,
  type EnrollmentRecord,
} from './uplink-settings.ts';
import { CodedError, stillInWords } from '../../common/coded-error.pure.ts';
import { hubRefusalText } from '../../protocol/refusals/station-facing-texts.pure.ts';

// Compiled with the first reply (typebox's compiler loaded then), not while the agent starts.
const compileReplyCheck = async () => (await import('typebox/compile')).Compile(EnrollReplySchema);
let replyCheck: ReturnType<typeof compileReplyCheck> | undefined;
const checkReply = () => (replyCheck ??= compileReplyCheck());

export type EnrollmentErrorCode = 'bad_hub_url' | 'insecure_hub_url' | 'already_enrolled' | 'demo_station' | 'hub_unreachable' | 'refused' | 'bad_reply';

export class EnrollmentError extends CodedError<EnrollmentErrorCode> {
  override name = 'EnrollmentError';

  /** Still in words, Chinese / English: `yuanjiao enroll` prints them (the CLI's refusals are not on the wire). */
  constructor(code: EnrollmentErrorCode, words: string) {
    super(code, stillInWords(words));
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
  /** PEM of the county's CA, for a hub whose certificate no public CA signed (checked by the caller). */
  ca?: string | null;
  /** Allow plain http:// to an address off loopback and the private ranges. */
  insecureHttp?: boolean;
  /** Told once, before the code is sent, when it goes over plain HTTP (a private network, or forced). */
  onWarning?: (line: string) => void;
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
  let warning: string | null;
  try {
    warning = checkHubUrl(hubUrl, { insecureHttp: options.insecureHttp }).warning;
  } catch (err) {
    if (err instanceof InsecureHubUrlError) throw new EnrollmentError('insecure_hub_url', err.message);
    throw err;
  }
  if (options.ca && !hubUrl.startsWith('https:')) {
    throw new EnrollmentError('bad_hub_url', `--ca 只用于 https:// 平台地址，${hubUrl} 是明文 HTTP / --ca is for an https:// hub address; ${hubUrl} is plain HTTP`);
  }
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

  if (warning) options.onWarning?.(warning);
  const sentAt = now();
  let response: HubAnswer;
  try {
    response = await hubRequest(`${hubUrl}${ENROLL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: options.code }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      ca: options.ca,
    });
  } catch (err) {
    const cause = err instanceof HubTransportError ? err.message : err instanceof Error ? err.message : String(err);
    throw new EnrollmentError('hub_unreachable', `连不上县级管理平台 ${hubUrl}（${cause}），请检查地址和网络 / cannot reach the hub (${cause})`);
  }
  const receivedAt = now();
  const text = response.text;
  // A redirect is not followed (node:http never does): the address given must be the hub's own.
  if (response.status >= 300 && response.status < 400) {
    throw new EnrollmentError('bad_reply', `${hubUrl} 答复了重定向，未跟随；请填写县级管理平台的确切地址 / the address answered with a redirect, not followed: give the hub's exact address`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status >= 300 && response.status < 400) {
    // Not followed: the code (and the secret in the answer) go only to the address the administrator typed.
    const location = response.header('location') ?? '';
    throw new EnrollmentError(
      'refused',
      `${hubUrl} 转向了 ${location || '别的地址'}，请改用该地址加入（例如 https://）/ the hub address redirects to ${location || 'elsewhere'}: enroll with that address`,
    );
  }
  if (!response.ok) {
    // Worded here from its code and values (an older hub's `message` only for a code this agent does not know).
    const message = hubRefusalText((body as { error?: { code?: unknown; params?: unknown; message?: unknown } } | undefined)?.error, response.status);
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
    // Each enrollment states how the hub is reached: a CA not given again is not kept for a new address.
    writeSetting(db, HUB_CA_SETTING, options.ca ?? null, at);
    writeSetting(db, INSECURE_HTTP_SETTING, hubUrl.startsWith('http:') && hubHostKind(new URL(hubUrl).hostname) === 'public', at);
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
      detail: { hubUrl, stationId: reply.stationId, dropped, kept, skewMs, ca: options.ca ? 'county' : null, plainHttp: hubUrl.startsWith('http:') },
    });
    return { ...record, stationName: readStationSettings(db).stationName, grade: reply.station.grade, skewMs };
  });
}
