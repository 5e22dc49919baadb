// What a station meets on the hub's /api/v1 as data — an enrollment code refused, a report the hub cannot take —
// and its words in Chinese and English: the one place they are written. The agent says them (its log, the
// uplink's alert, `yuanjiao enroll`) on one line; the hub adds the same line as `message` for an agent of an
// earlier release, which reads only that (docs/guides/add-refusal.md, "Compatibility"). Pure, and free of typebox.
import type { Bilingual } from './bilingual.pure.ts';
import { oneLine } from './bilingual.pure.ts';
import type { RefusalParams, RequestProblem } from './refusal.pure.ts';
import { hubRequestProblemTexts } from './hub-problem-texts.pure.ts';

export type StationFacingRefusals = {
  /** used: redeemed already; expired: past its day; unknown: never issued, or its station retired (one answer). */
  enrollment_code_invalid: { reason: 'used' | 'expired' | 'unknown' };
  /** A request its route's schema refuses (each field's problem), or one the framework could not take (its words). */
  malformed: { problems: readonly RequestProblem[] } | { detail: string };
  /** A report past the hub's body limit. */
  too_large: { readonly [name: string]: never };
};
export type StationFacingCode = keyof StationFacingRefusals;

export const STATION_FACING_TEXTS: { readonly [C in StationFacingCode]: (params: StationFacingRefusals[C]) => Bilingual } = {
  enrollment_code_invalid: ({ reason }) =>
    reason === 'used'
      ? { zh: '加入码已经用过；每个加入码只能用一次，请县远教办重新生成', en: 'the code was already used' }
      : reason === 'expired'
        ? { zh: '加入码已过期，请县远教办重新生成', en: 'the code has expired' }
        : { zh: '加入码无效，请核对后重新输入，或请县远教办重新生成', en: 'the enrollment code is not valid' },
  malformed: (p) => ('problems' in p ? hubRequestProblemTexts(p.problems) : { zh: '请求无法处理', en: p.detail }),
  too_large: () => ({ zh: '上报内容超过 1 MiB，未保存', en: 'the report is larger than 1 MiB; nothing stored' }),
};

/** The words of a station-facing refusal, Chinese then English on one line; null for a code not listed here. */
export function stationFacingWords(code: string, params: RefusalParams): string | null {
  if (!Object.hasOwn(STATION_FACING_TEXTS, code)) return null;
  try {
    return oneLine((STATION_FACING_TEXTS as unknown as Record<string, (p: RefusalParams) => Bilingual>)[code]!(params));
  } catch {
    // Values of another shape (a hub of another release): said by its code instead.
    return null;
  }
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
