// The staff API's answers about 党建指导员 and 指导记录 (issue 17): a station's instructor with the history of
// its assignments, the guidance logged there, and each instructor's stations and month's count.
import { Type, type Static } from 'typebox';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { GUIDANCE_KINDS } from '../../figures/guidance.pure.ts';
import type { GuidanceRecord, InstructorAssignment } from '../../store/instructor-store.ts';

export const GuidanceKindSchema = OneOf(GUIDANCE_KINDS);

export const InstructorAssignmentSchema = Type.Object(
  {
    id: Type.String(),
    stationId: Type.String(),
    userId: Type.Integer(),
    username: Type.String(),
    fromAt: Type.Number(),
    untilAt: Nullable(Type.Number()),
    assignedBy: Type.String(),
    endedBy: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof InstructorAssignmentSchema>, InstructorAssignment>(true);

export const GuidanceRecordSchema = Type.Object(
  {
    id: Type.String(),
    stationId: Type.String(),
    instructorId: Nullable(Type.Integer()),
    instructor: Nullable(Type.String()),
    visitedOn: Type.String(),
    kind: GuidanceKindSchema,
    done: Type.String(),
    problems: Type.String(),
    followUp: Type.String(),
    author: Type.String(),
    createdAt: Type.Number(),
    supersedes: Nullable(Type.String()),
    supersededBy: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof GuidanceRecordSchema>, GuidanceRecord>(true);

/** GET /api/county/stations/:id/guidance: the station's instructor, their history, and the month's records. */
export const StationGuidanceSchema = Type.Object(
  {
    month: Type.String(),
    instructor: Nullable(InstructorAssignmentSchema),
    history: Type.Array(InstructorAssignmentSchema),
    records: Type.Array(GuidanceRecordSchema),
    /** The month's records that count (a superseded one does not; its correction does). */
    count: Type.Integer(),
  },
  { additionalProperties: false },
);

export const InstructorAnswerSchema = Type.Object({ instructor: Nullable(InstructorAssignmentSchema) }, { additionalProperties: false });
export const GuidanceRecordAnswerSchema = Type.Object({ record: GuidanceRecordSchema }, { additionalProperties: false });

/** GET /api/county/instructors: the instructors the caller sees (an instructor: themselves), with the month's count. */
export const InstructorsSchema = Type.Object(
  {
    hubTime: Type.Number(),
    month: Type.String(),
    instructors: Type.Array(
      Type.Object(
        {
          userId: Type.Integer(),
          username: Type.String(),
          unitId: Nullable(Type.String()),
          stations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), count: Type.Integer() }, { additionalProperties: false })),
          count: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
    /** The month's records of the instructor's own (an instructor asking; else empty). */
    records: Type.Array(GuidanceRecordSchema),
  },
  { additionalProperties: false },
);
export type InstructorsAnswer = Static<typeof InstructorsSchema>;
