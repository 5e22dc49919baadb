// The shape of a program's recurrence rule: what a station stores and schedules, and what the county sends
// down for its county-wide programs. Structure only; the station's programs/recurrence.pure.ts checks the meaning
// (real dates, from ≤ until) and expands a rule into showings.
import { Type, type Static } from 'typebox';
import { LocalDate, LocalTime } from './scalars.pure.ts';

const WeekdaySchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5), Type.Literal(6), Type.Literal(7)]);
export type Weekday = Static<typeof WeekdaySchema>;

/**
 * The one rule shape, with a bound on `except` where the rule crosses the network (a county's reply is
 * untrusted input); the station's own loopback API accepts the administrator's list as it is.
 */
function ruleSchema(options: { maxExceptDates?: number } = {}) {
  const except = options.maxExceptDates === undefined ? Type.Array(LocalDate) : Type.Array(LocalDate, { maxItems: options.maxExceptDates });
  const rangeProperties = { from: Type.Optional(LocalDate), until: Type.Optional(LocalDate), except: Type.Optional(except) };
  return Type.Union([
    Type.Object({ type: Type.Literal('once'), date: LocalDate, time: LocalTime }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal('daily'), time: LocalTime, ...rangeProperties }, { additionalProperties: false }),
    Type.Object(
      { type: Type.Literal('weekly'), days: Type.Array(WeekdaySchema, { minItems: 1, maxItems: 7, uniqueItems: true }), time: LocalTime, ...rangeProperties },
      { additionalProperties: false },
    ),
    Type.Object(
      { type: Type.Literal('monthly'), day: Type.Union([Type.Integer({ minimum: 1, maximum: 31 }), Type.Literal('last')]), time: LocalTime, ...rangeProperties },
      { additionalProperties: false },
    ),
  ]);
}

/** A rule as the station's API takes it; run the station's validateRule for the semantic checks. */
export const RecurrenceRuleSchema = ruleSchema();
export type RecurrenceRule = Static<typeof RecurrenceRuleSchema>;

/** A county-wide program's rule in a reply: the same shape, at most a year of exception dates. */
export const CountyRuleSchema = ruleSchema({ maxExceptDates: 366 });
export type CountyRule = Static<typeof CountyRuleSchema>;
