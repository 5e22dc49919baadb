// Enrollment, once per station: the one-time code county staff read out or print, and the exchange that
// turns it into the station's secret (README.md, "Enrollment").
import { Type, type Static } from 'typebox';
import { Instant } from './scalars.pure.ts';
import { GradeSchema } from './site-grades.pure.ts';

export const ENROLLMENT_CODE_TTL_MS = 7 * 86_400_000;

/** Letters and digits nobody misreads on a phone call or a printout (no 0/O, 1/I/L, U). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** 'abcd efgh-jkmn' → 'ABCDEFGHJKMN': what was typed, as the hub compares it. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** 'ABCDEFGHJKMN' → 'ABCD-EFGH-JKMN', as printed for people. */
export function formatEnrollmentCode(code: string): string {
  return normalizeEnrollmentCode(code).replace(/(.{4})(?=.)/g, '$1-');
}

export const EnrollRequestSchema = Type.Object({ code: Type.String({ minLength: 4, maxLength: 64 }) }, { additionalProperties: false });
export type EnrollRequest = Static<typeof EnrollRequestSchema>;

export const EnrollReplySchema = Type.Object({
  stationId: Type.String({ minLength: 1, maxLength: 64 }),
  secret: Type.String({ minLength: 32, maxLength: 128 }),
  hubTime: Instant,
  station: Type.Object({ name: Type.String(), grade: GradeSchema }),
});
export type EnrollReply = Static<typeof EnrollReplySchema>;
