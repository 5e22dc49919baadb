// A refusal as data: a stable code and a few values (names, numbers, months), never a sentence. The station's and
// the hub's codes, each with the type of its values, are declared once (station-refusals.pure.ts,
// hub-refusals.pure.ts); the words live in each reader's catalogue (the kiosk's, the dashboard's, the CLI's),
// typed by the same map, so a code without a text — or a text for values a code does not carry — does not compile.
import { Type, type Static } from 'typebox';

/**
 * One thing wrong with a request, as the schema validation found it: the field (`rule.time`; the whole body or
 * query string by its name; for `required` and `additionalProperties` the missing or unknown field itself), the
 * rule it broke (the JSON Schema keyword: `minLength`, `type`, `required` …, or `alternatives` for a value that
 * matches none of a few), and the rule's value (a length, a bound, a type name, a constant as JSON). `detail`:
 * the validator's own words, only for a rule the catalogues do not word.
 */
export type RequestProblem = {
  readonly field: string;
  readonly rule: string;
  readonly limit?: string | number;
  readonly alternatives?: readonly { readonly rule: string; readonly limit: string | number }[];
  readonly detail?: string;
};

/** One item of a list of problems a refusal carries (a request's fields, a recurrence rule's parts): values only. */
export type RefusalRecord = { readonly [name: string]: string | number | undefined | readonly string[] | readonly RefusalRecord[] };

/** One value a refusal carries: a name, a number, a list (months a change would alter), or a list of problems. */
export type RefusalValue = string | number | readonly string[] | readonly RefusalRecord[];

/** The values of one refusal, by name. Each code's own shape is in its map. */
export type RefusalParams = { readonly [name: string]: RefusalValue };

/** A family of refusals: each code with the type of its values (`{}` for none). */
export type RefusalMap = { readonly [code: string]: RefusalParams };

/** One refusal of a family, as it crosses the wire. */
export type Refusal<M extends RefusalMap, C extends keyof M & string = keyof M & string> = { [K in C]: { code: K; params: M[K] } }[C];

/** The words for every code of a family, in one language: a function of that code's values. */
export type RefusalCatalogue<M extends RefusalMap> = { readonly [C in keyof M]: (params: M[C]) => string };

/**
 * The error body of every refusal the station and the hub give (GET, POST … alike): each route's response schema
 * for 4xx and 5xx (common/response-contract.ts adds it), and the type every reader is typed by.
 */
export const RefusalBodySchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        params: Type.Unsafe<RefusalParams>(Type.Record(Type.String(), Type.Unknown())),
        /** For a refusal that passes (busy, too many tries): when to ask again, in ms. A client waits on it. */
        retryAfterMs: Type.Optional(Type.Number()),
        /**
         * Words for a refusal whose code is not yet in a catalogue (Chinese first, then English): a client shows
         * its catalogue's text when it knows the code and falls back to these words only when it does not.
         */
        message: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type RefusalBody = Static<typeof RefusalBodySchema>;
