// What a station meets on the hub's /api/v1 as data — an enrollment code refused, a report the hub cannot take —
// and its words in Chinese and English: the one place they are written. The agent says them (its log, the
// uplink's alert, `yuanjiao enroll`) on one line; the hub adds the same line as `message` for an agent of an
// earlier release, which reads only that (docs/guides/add-refusal.md, "Compatibility"). Pure, and free of typebox.
import type { Bilingual } from './bilingual.pure.ts';
import { oneLine } from './bilingual.pure.ts';
import type { RefusalParams, RefusalRecord, RequestProblem } from './refusal.pure.ts';
import { requestProblemTexts } from './request-problem-texts.pure.ts';
import { eventProblemTexts, problemOfRecord, type EventProblem } from './event-problem-texts.pure.ts';

/** Why a report batch is unreadable as a whole, before its events are looked at one by one. */
export type ReportProblem =
  | { reason: 'not_json' }
  | { reason: 'not_a_batch' }
  | { reason: 'no_events' }
  | { reason: 'too_many_events'; limit: number }
  /** An event without a usable id (1-based `event`): the station cannot set it aside. `problem`: its one problem. */
  | { reason: 'event_without_id'; event: number; problem: readonly RefusalRecord[] }
  /** Events refused one by one (`RejectedEvent`), nothing stored; `first`: the first one's problem. */
  | { reason: 'events_refused'; refused: number; first: readonly RefusalRecord[] };

export type StationFacingRefusals = {
  /** used: redeemed already; expired: past its day; unknown: never issued, or its station retired (one answer). */
  enrollment_code_invalid: { reason: 'used' | 'expired' | 'unknown' };
  /** A request its route's schema refuses (each field's problem), or one the framework could not take (its words). */
  malformed: { problems: readonly RequestProblem[] } | { detail: string } | ReportProblem;
  /** A report past the hub's body limit. */
  too_large: { readonly [name: string]: never };
  /** A report without the station's headers (X-Yuanjiao-Station, -Timestamp, -Signature). */
  missing_signature: { readonly [name: string]: never };
  /** The station is not registered at the hub, not yet enrolled, or retired. */
  unknown_station: { station: string };
  bad_signature: { readonly [name: string]: never };
  /** The report's timestamp minus the hub's clock (ms) and the window either side (ms). */
  stale_timestamp: { skewMs: number; windowMs: number };
  /** The station's budget at the hub (a day's events and bytes, days of carry-over) is spent: when it fits again. */
  over_quota: { eventsPerDay: number; bytesPerDay: number; carryDays: number; retryAfterMs: number };
};
export type StationFacingCode = keyof StationFacingRefusals;

export const STATION_FACING_TEXTS: { readonly [C in StationFacingCode]: (params: StationFacingRefusals[C]) => Bilingual } = {
  enrollment_code_invalid: ({ reason }) =>
    reason === 'used'
      ? { zh: '加入码已经用过；每个加入码只能用一次，请县远教办重新生成', en: 'the code was already used' }
      : reason === 'expired'
        ? { zh: '加入码已过期，请县远教办重新生成', en: 'the code has expired' }
        : { zh: '加入码无效，请核对后重新输入，或请县远教办重新生成', en: 'the enrollment code is not valid' },
  malformed: (p) => ('problems' in p ? requestProblemTexts(p.problems) : 'reason' in p ? reportProblemTexts(p) : { zh: '请求无法处理', en: need(p.detail, 'string') }),
  too_large: () => ({ zh: '上报内容超过 1 MiB，未保存', en: 'the report is larger than 1 MiB; nothing stored' }),
  missing_signature: () => ({ zh: '上报没有签名（缺少 X-Yuanjiao-Station、X-Yuanjiao-Timestamp 或 X-Yuanjiao-Signature）', en: 'the report is not signed' }),
  unknown_station: (p) => ({ zh: `站点 ${need(p.station, 'string')} 未在县级平台登记、尚未加入或已停用`, en: 'unknown station' }),
  bad_signature: () => ({ zh: '签名不对：站点密钥不符，或内容在途中被改动', en: 'bad signature' }),
  stale_timestamp: (p) => {
    const seconds = Math.abs(Math.round(need(p.skewMs, 'number') / 1000));
    const minutes = need(p.windowMs, 'number') / 60_000;
    return { zh: `上报时间戳与县级平台相差 ${seconds} 秒，超过 ±${minutes} 分钟，已拒绝（重放的旧请求，或终端时钟不准）`, en: `timestamp outside the ±${minutes} min window` };
  },
  over_quota: (p) => {
    const minutes = Math.max(1, Math.ceil(need(p.retryAfterMs, 'number') / 60_000));
    const mib = Math.round((need(p.bytesPerDay, 'number') / 1024 / 1024) * 100) / 100;
    const events = need(p.eventsPerDay, 'number');
    const days = need(p.carryDays, 'number');
    return {
      zh: `站点上报已用完县级平台给每个站点的额度（每天 ${events} 条、${mib} MiB（未用额度最多累积 ${days} 天）），本批未保存，约 ${minutes} 分钟后再发`,
      en: `the station's report budget at the hub (${events} events and ${mib} MiB a day, unused budget kept up to ${days} days) is spent; nothing stored, send again in about ${minutes} min`,
    };
  },
};

function reportProblemTexts(p: ReportProblem): Bilingual {
  switch (p.reason) {
    case 'not_json':
      return { zh: '上报内容不是有效的 JSON', en: 'the report is not valid JSON' };
    case 'not_a_batch':
      return { zh: '上报内容格式不对：应为 { events: [...] }', en: 'malformed report' };
    case 'no_events':
      return { zh: '上报内容格式不对：缺少 events 列表', en: 'malformed report' };
    case 'too_many_events':
      return { zh: `上报内容格式不对：一批最多 ${need(p.limit, 'number')} 条`, en: 'malformed report' };
    case 'event_without_id': {
      const problem = eventProblemTexts(problemOfRecord(p.problem[0]));
      return { zh: `上报内容格式不对：第 ${need(p.event, 'number')} 条记录 ${problem.zh}`, en: `malformed event ${p.event}: ${problem.en}` };
    }
    case 'events_refused': {
      const first = eventProblemTexts(problemOfRecord(p.first[0]));
      const n = need(p.refused, 'number');
      return { zh: `上报中有 ${n} 条记录被拒收，整批未保存；第一条：${first.zh}`, en: `${n} event(s) refused, nothing stored; the first: ${first.en}` };
    }
    default:
      throw new TypeError('not a report problem');
  }
}

/** A value of the type the words need; values of another shape (a hub of another release) are worded by its code instead. */
function need<T extends 'string' | 'number'>(value: unknown, type: T): T extends 'string' ? string : number {
  if (typeof value !== type) throw new TypeError(`expected a ${type}`);
  return value as T extends 'string' ? string : number;
}

/** The words of a station-facing refusal in both languages (a screen shows its half); null for a code not listed here. */
export function stationFacingTexts(code: string, params: RefusalParams): Bilingual | null {
  if (!Object.hasOwn(STATION_FACING_TEXTS, code)) return null;
  try {
    return (STATION_FACING_TEXTS as unknown as Record<string, (p: RefusalParams) => Bilingual>)[code]!(params);
  } catch {
    // Values of another shape (a hub of another release): said by its code instead.
    return null;
  }
}

/** The words of a station-facing refusal, Chinese then English on one line; null for a code not listed here. */
export function stationFacingWords(code: string, params: RefusalParams): string | null {
  const texts = stationFacingTexts(code, params);
  return texts === null ? null : oneLine(texts);
}

/**
 * What the agent says of a hub's refusal: its catalogue's words for a code it knows, else the hub's own `message`
 * (a hub of another release, a refusal still in words), else the code and the HTTP status.
 */
export function hubRefusalText(error: { code?: unknown; params?: unknown; message?: unknown } | undefined, status: number): string {
  const code = typeof error?.code === 'string' ? error.code : null;
  const params = typeof error?.params === 'object' && error.params !== null ? (error.params as RefusalParams) : {};
  const words = code === null ? null : stationFacingWords(code, params);
  if (words !== null) return words;
  if (typeof error?.message === 'string') return error.message;
  return code === null ? `HTTP ${status}` : `${code}（HTTP ${status}）`;
}

/**
 * What the agent says of one event the hub refused: its catalogue's words for the problem's code and values, else
 * the hub's own `message` (a hub of another release), else the code.
 */
export function rejectedEventText(rejected: { code?: unknown; params?: unknown; message?: unknown }): string {
  if (typeof rejected.code === 'string' && typeof rejected.params === 'object' && rejected.params !== null) {
    try {
      return oneLine(eventProblemTexts({ code: rejected.code, params: rejected.params } as EventProblem));
    } catch {
      // Values of another shape: the hub's words, below.
    }
  }
  if (typeof rejected.message === 'string') return rejected.message;
  return typeof rejected.code === 'string' ? rejected.code : '';
}
