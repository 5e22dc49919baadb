// The site grades (站点类别) a county gives its stations, and what each grade asks: the one definition the
// station, the hub and their screens derive theirs from.
//
// The hub's first migration (county/store/migrations/0001-hub-foundation.ts) spells the three grades in a SQL
// CHECK: migrations are history and stay as shipped; a new grade needs a new migration beside this list.
import { Type, type Static } from 'typebox';

export const GradeSchema = Type.Union([Type.Literal('demonstration'), Type.Literal('standard'), Type.Literal('ordinary')]);
export type Grade = Static<typeof GradeSchema>;
/** The grades in the order people read them (most demanding first). */
export const SITE_GRADES: readonly Grade[] = GradeSchema.anyOf.map((s) => s.const);

export const SITE_GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  demonstration: { zh: '示范场所', en: 'Demonstration site' },
  standard: { zh: '标准场所', en: 'Standard site' },
  ordinary: { zh: '普通场所', en: 'Ordinary site' },
};

/** Group viewings a month each grade must hold (docs/domain.md, rule 2). */
export const GRADE_MINIMUM_VIEWINGS: Record<Grade, number> = { demonstration: 2, standard: 1, ordinary: 1 };

/** The stricter of the grade's minimum and the county's policy (null: the grade's minimum only). */
export function requiredViewings(grade: Grade, policyMinViewingsPerMonth: number | null): number {
  return Math.max(GRADE_MINIMUM_VIEWINGS[grade], policyMinViewingsPerMonth ?? 0);
}
