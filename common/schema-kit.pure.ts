// What the response schemas are written with: a nullable value, one of a few strings, and a compile-time check that
// a schema says exactly what the code answers (its Static<…> and the domain's own type each assignable to the
// other, or `npm run typecheck` names the schema).
import { Type, type TSchema } from 'typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** One of a few strings (TypeBox types a union built from a list as never: the list's type is given). */
export const OneOf = <const L extends readonly string[]>(values: L) => Type.Unsafe<L[number]>(Type.Union(values.map((v) => Type.Literal(v))));

/**
 * `true` when A and B are the same shape, `false` otherwise (a schema that drifted from its type). Each must be
 * assignable to the other and name the same keys: assignability alone lets an optional field on one side only
 * through (an answer's `unitId?` its schema forgot).
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;

/** Use as `sameShape<Static<typeof X>, DomainType>(true)`: fails to compile when the two differ. */
export function sameShape<A, B>(same: SameShape<A, B>): void {
  void same;
}

/** The answer of a route that says only that it did it. */
export const OkSchema = Type.Object({ ok: Type.Literal(true) }, { additionalProperties: false });
