// Why the hub will not keep one event of a station's report, as data — a code, the field, a few values — and its
// words in Chinese and English: the one place they are written. The hub finds the problem (county/ingest/); the
// agent says it (its station log when it sets the event aside, the uplink's alert); the hub adds the same words as
// the event's `message` for an agent of an earlier release (docs/guides/add-refusal.md, "Compatibility"). Pure,
// and free of typebox.
import type { Bilingual } from './bilingual.pure.ts';

type Field = { readonly field: string };

/** Each problem with its values; `field` names where (`at`, `body.registered`, `body/items/3`), `detail` is the validator's own words. */
export type EventProblems = {
  // The event's shape (its envelope, nesting, keys, size, its body's schema).
  envelope_invalid: { readonly field: string; readonly detail: string };
  body_invalid: { readonly field: string; readonly detail: string };
  nested_too_deep: Field & { readonly max: number };
  proto_key: Field;
  constructor_prototype: Field;
  too_large: Field & { readonly bytes: number; readonly max: number };
  // Implausible: times and figures a real station could not have made (county/ingest/event-checks.pure.ts).
  time_before_earliest: Field & { readonly time: number; readonly earliest: string };
  time_after_hub: Field & { readonly time: number };
  run_after_heartbeat: Field;
  end_not_after_start: Field & { readonly from: string; readonly to: string };
  guests_over_max: Field & { readonly guests: number; readonly max: number };
  guest_counts_not_whole: Field;
  guest_counts_sum: Field & { readonly sum: number; readonly guests: number };
  held_never_started: Field;
  played_over_day: Field;
  excused_over_max: Field & { readonly excused: number; readonly max: number };
  month_guests_implausible: Field & { readonly guests: number };
  study_minutes_over_month: Field & { readonly minutes: number; readonly max: number };
  viewings_over_hours: Field & { readonly held: number };
  made_up_over_attended: Field & { readonly madeUp: number; readonly attended: number };
  not_studied_over_registered: Field & { readonly notStudied: number; readonly attended: number; readonly registered: number };
  fixed_day_outside_month: Field & { readonly day: string; readonly month: string };
  present_implausible: Field & { readonly present: number };
  answers_over_present: Field & { readonly answers: number; readonly present: number };
  activity_guests_implausible: Field & { readonly guests: number };
  no_such_week: Field & { readonly week: string };
  week_span: Field & { readonly week: string; readonly from: string; readonly to: string };
  held_over_viewings: Field & { readonly held: number; readonly viewings: number };
  composed_after_sent: Field;
  negative_disk_size: Field;
  negative_free_space: Field;
  free_over_size: Field & { readonly free: number; readonly total: number };
  attended_over_registered: Field & { readonly attended: number; readonly registered: number };
  registered_over_max: Field & { readonly registered: number; readonly max: number };
  rate_not_null: Field;
  rate_mismatch: Field & { readonly rate: string; readonly attended: number; readonly registered: number };
  no_such_date: Field & { readonly date: string };
  date_before_earliest: Field & { readonly date: string; readonly earliest: string };
  date_after_hub: Field & { readonly date: string };
};
export type EventProblemCode = keyof EventProblems;
/** One event's problem as it crosses the wire. */
export type EventProblem<C extends EventProblemCode = EventProblemCode> = { [K in C]: { code: K; params: EventProblems[K] } }[C];

/** What the problem itself says, after the field; the kind of problem (malformed, too large, implausible) is added below. */
const PROBLEM_TEXTS: { readonly [C in EventProblemCode]: (p: EventProblems[C]) => Bilingual } = {
  envelope_invalid: (p) => ({ zh: p.detail, en: p.detail }),
  body_invalid: (p) => ({ zh: p.detail, en: p.detail }),
  nested_too_deep: (p) => ({ zh: `嵌套超过 ${p.max} 层`, en: `nested deeper than ${p.max} levels` }),
  proto_key: () => ({ zh: '含有键 __proto__', en: 'has a __proto__ key' }),
  constructor_prototype: () => ({ zh: '含有 constructor.prototype', en: 'has constructor.prototype' }),
  too_large: (p) => ({ zh: `${p.bytes} 字节，单条上限 ${p.max} 字节`, en: `of ${p.bytes} bytes, at most ${p.max}` }),
  time_before_earliest: (p) => ({ zh: `时间 ${show(p.time)} 早于 ${p.earliest}（终端时钟不对）`, en: `time ${show(p.time)} is before ${p.earliest} (the terminal's clock is wrong)` }),
  time_after_hub: (p) => ({ zh: `时间 ${show(p.time)} 比县级平台时间晚一天以上（终端时钟不对）`, en: `time ${show(p.time)} is more than a day after the hub's clock (the terminal's clock is wrong)` }),
  run_after_heartbeat: () => ({ zh: '运行开始时间晚于心跳时间', en: 'the run starts after the heartbeat' }),
  end_not_after_start: (p) => ({ zh: `结束时间 ${p.to} 不晚于开始时间 ${p.from}`, en: `the end ${p.to} is not after the start ${p.from}` }),
  guests_over_max: (p) => ({ zh: `来宾 ${p.guests} 人超过 ${p.max}`, en: `${p.guests} guests is more than ${p.max}` }),
  guest_counts_not_whole: () => ({ zh: '各类来宾人数应为非负整数', en: 'each count must be a whole number ≥ 0' }),
  guest_counts_sum: (p) => ({ zh: `各类来宾合计 ${p.sum} 与来宾人数 ${p.guests} 不符`, en: `adds up to ${p.sum}, not guests ${p.guests}` }),
  held_never_started: () => ({ zh: '记为已举行，但没有开始时间', en: 'held, but it never started' }),
  played_over_day: () => ({ zh: '播放时长超过 24 小时', en: 'played for more than 24 hours' }),
  excused_over_max: (p) => ({ zh: `请假 ${p.excused} 人超过 ${p.max}`, en: `${p.excused} excused is more than ${p.max}` }),
  month_guests_implausible: (p) => ({ zh: `来宾 ${p.guests} 人次不合理`, en: `${p.guests} guests in a month is implausible` }),
  study_minutes_over_month: (p) => ({ zh: `学习 ${p.minutes} 分钟超过该月总分钟数 ${p.max}`, en: `${p.minutes} minutes is more than the month has (${p.max})` }),
  viewings_over_hours: (p) => ({ zh: `举行 ${p.held} 次超过每小时一次`, en: `${p.held} viewings is more than one an hour` }),
  made_up_over_attended: (p) => ({ zh: `补学 ${p.madeUp} 人多于参学 ${p.attended} 人`, en: `${p.madeUp} made up, more than the ${p.attended} who attended` }),
  not_studied_over_registered: (p) => ({
    zh: `尚未学习 ${p.notStudied} 人与参学 ${p.attended} 人之和多于在册 ${p.registered} 人`,
    en: `${p.notStudied} not studied and ${p.attended} attended are more than the ${p.registered} registered`,
  }),
  fixed_day_outside_month: (p) => ({ zh: `固定学习日 ${p.day} 不在 ${p.month}`, en: `fixed study day ${p.day} is not in ${p.month}` }),
  present_implausible: (p) => ({ zh: `到场 ${p.present} 人不合理`, en: `${p.present} present is implausible` }),
  answers_over_present: (p) => ({ zh: `评价 ${p.answers} 人多于到场 ${p.present} 人`, en: `${p.answers} answers, more than the ${p.present} present` }),
  activity_guests_implausible: (p) => ({ zh: `列席 ${p.guests} 人不合理`, en: `${p.guests} guests is implausible` }),
  no_such_week: (p) => ({ zh: `周次 ${p.week} 不存在`, en: `week ${p.week} does not exist` }),
  week_span: (p) => ({ zh: `${p.week} 应为 ${p.from} 至 ${p.to}`, en: `${p.week} is ${p.from} to ${p.to}` }),
  held_over_viewings: (p) => ({ zh: `有效场次 ${p.held} 多于场次 ${p.viewings}`, en: `${p.held} held, more than the ${p.viewings} viewings` }),
  composed_after_sent: () => ({ zh: '生成时间晚于报送时间', en: 'composed after it was sent' }),
  negative_disk_size: () => ({ zh: '磁盘容量为负数', en: 'negative disk size' }),
  negative_free_space: () => ({ zh: '磁盘剩余空间为负数', en: 'negative free disk space' }),
  free_over_size: (p) => ({ zh: `剩余空间 ${p.free} 大于磁盘容量 ${p.total}`, en: `free space ${p.free} exceeds the disk size ${p.total}` }),
  attended_over_registered: (p) => ({ zh: `到会在册党员 ${p.attended} 人多于在册党员 ${p.registered} 人`, en: `${p.attended} attended, more than the ${p.registered} registered` }),
  registered_over_max: (p) => ({ zh: `在册党员 ${p.registered} 人超过 ${p.max}`, en: `${p.registered} registered, more than ${p.max}` }),
  rate_not_null: () => ({ zh: '无在册党员时参与率应为空', en: 'must be null with nobody registered' }),
  rate_mismatch: (p) => ({ zh: `参与率 ${p.rate} 与 ${p.attended}/${p.registered} 不符`, en: `${p.rate} does not match ${p.attended}/${p.registered}` }),
  no_such_date: (p) => ({ zh: `日期 ${p.date} 不存在`, en: `no such date ${p.date}` }),
  date_before_earliest: (p) => ({ zh: `日期 ${p.date} 早于 ${p.earliest}`, en: `date ${p.date} is before ${p.earliest}` }),
  date_after_hub: (p) => ({ zh: `日期 ${p.date} 晚于县级平台的日期一天以上`, en: `date ${p.date} is more than a day after the hub's` }),
};

/** The problem in words, its kind first and naming the field: "记录不合理：body.registered …". */
export function eventProblemTexts(problem: EventProblem): Bilingual {
  const { code, params } = problem;
  if (!Object.hasOwn(PROBLEM_TEXTS, code) || typeof params?.field !== 'string') throw new TypeError(`not an event problem: ${String(code)}`);
  const said = (PROBLEM_TEXTS as unknown as Record<string, (p: typeof params) => Bilingual>)[code]!(present(params));
  if (code === 'too_large') return { zh: `记录过大：${params.field} ${said.zh}`, en: `event too large: ${params.field} ${said.en}` };
  // The validator's words already start with the field (`/at must be number`).
  if (code === 'envelope_invalid') return { zh: `记录格式不对：${said.zh}`, en: `malformed event: ${said.en}` };
  if (code === 'body_invalid' || code === 'nested_too_deep' || code === 'proto_key' || code === 'constructor_prototype') {
    return { zh: `记录格式不对：${params.field} ${said.zh}`, en: `malformed event: ${params.field} ${said.en}` };
  }
  return { zh: `记录不合理：${params.field} ${said.zh}`, en: `implausible event: ${params.field} ${said.en}` };
}

/** An event problem flattened into one record of a refusal's values ({ code, field, … }), and back. */
export function problemRecord(problem: EventProblem): { readonly [name: string]: string | number } {
  return { code: problem.code, ...(problem.params as unknown as Record<string, string | number>) };
}
export function problemOfRecord(record: unknown): EventProblem {
  if (record === null || typeof record !== 'object') throw new TypeError('not an event problem');
  const { code, ...params } = record as { code?: unknown };
  return { code, params } as EventProblem;
}

/** The values as the texts read them: one missing, or not a name or a number (a hub of another release), throws — never "undefined" in words. */
function present<T extends object>(params: T): T {
  return new Proxy(params, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`no value ${String(name)}`);
      return value;
    },
  });
}

function show(at: number): string {
  if (typeof at !== 'number') throw new TypeError('not a time');
  // toISOString throws past year 275760; a lie may be that large.
  return Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : String(at);
}
