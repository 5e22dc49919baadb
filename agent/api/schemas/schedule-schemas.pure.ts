// The admin screens' answers about the schedule and the courses — programs with their next showings, a rule's
// preview, the course list, play now — and the player's and the door's reads (a course's media, the check-in
// list), as TypeBox schemas: the routes' response schemas (checked in the tests: common/response-contract.ts) and,
// through Static<…>, the kiosk's types. Each is checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { Program } from '../../programs/program-store.ts';
import type { Occurrence } from '../../programs/recurrence.pure.ts';
import type { Course } from '../../../content/course-store.ts';
import type { CourseMedia } from '../routes/media-routes.ts';
import type { CheckinTile } from '../../roster/checkin-list.ts';
import { RecurrenceRuleSchema } from '../../../protocol/recurrence-rule.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { MemberCategorySchema, ProgramKindSchema } from './session-schemas.pure.ts';

const Closed = { additionalProperties: false } as const;

export const OccurrenceSchema = Type.Object({ date: Type.String(), startsAt: Type.Number() }, Closed);
sameShape<Static<typeof OccurrenceSchema>, Occurrence>(true);

const programFields = {
  id: Type.Integer(),
  courseId: Type.Integer(),
  title: Type.String(),
  ownTitle: Nullable(Type.String()),
  kind: ProgramKindSchema,
  rule: RecurrenceRuleSchema,
  checkinOpensBeforeMin: Type.Integer(),
  checkinClosesAfterMin: Type.Integer(),
  notes: Nullable(Type.String()),
  origin: OneOf(['station', 'county', 'manual']),
  makeUp: Type.Boolean(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  removedAt: Nullable(Type.Number()),
};
export const ProgramSchema = Type.Object(programFields, Closed);
sameShape<Static<typeof ProgramSchema>, Program>(true);

/** A program as the schedule screen lists it: its rule in words and its next five showings. */
export const ProgramWithPreviewSchema = Type.Object({ ...programFields, ruleText: Type.String(), next: Type.Array(OccurrenceSchema) }, Closed);
sameShape<Static<typeof ProgramWithPreviewSchema>, Program & { ruleText: string; next: Occurrence[] }>(true);

/** GET /api/admin/programs: the programs that stand. */
export const ProgramsSchema = Type.Object({ programs: Type.Array(ProgramWithPreviewSchema) }, Closed);
/** DELETE /api/admin/programs/:id: the program as removed. */
export const RemovedProgramSchema = Type.Object({ program: ProgramSchema }, Closed);
/** POST /api/admin/programs/preview: a rule in words and its next showings. */
export const RulePreviewSchema = Type.Object({ ruleText: Type.String(), next: Type.Array(OccurrenceSchema) }, Closed);

const StreamInfo = {
  codec: Type.String(),
};
export const CourseSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    series: Nullable(Type.String()),
    source: OneOf(['demo', 'inbox', 'usb', 'url', 'manual', 'county']),
    localPath: Nullable(Type.String()),
    streamUrl: Nullable(Type.String()),
    durationMs: Nullable(Type.Number()),
    sha256: Nullable(Type.String()),
    status: OneOf(['ready', 'converting', 'quarantined', 'missing', 'removed']),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
    fileSha256: Nullable(Type.String()),
    bytes: Nullable(Type.Integer()),
    originalName: Nullable(Type.String()),
    receivedAt: Nullable(Type.Number()),
    lastPlayedAt: Nullable(Type.Number()),
    posterPath: Nullable(Type.String()),
    /** Container and codecs of the stored file, as ffprobe saw it. */
    media: Nullable(
      Type.Object(
        {
          container: Type.String(),
          video: Nullable(Type.Object({ ...StreamInfo, pixelFormat: Nullable(Type.String()), width: Nullable(Type.Integer()), height: Nullable(Type.Integer()) }, Closed)),
          audio: Nullable(Type.Object({ ...StreamInfo, channels: Nullable(Type.Integer()), sampleRate: Nullable(Type.Integer()) }, Closed)),
          durationMs: Nullable(Type.Number()),
          bytes: Type.Integer(),
          bitRate: Nullable(Type.Number()),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
sameShape<Static<typeof CourseSchema>, Course>(true);

/** GET /api/admin/courses: the library's courses. */
export const CoursesSchema = Type.Object({ courses: Type.Array(CourseSchema) }, Closed);

/** GET /api/courses/:id: what the player needs of a course (URLs null when that way of playing it is not there). */
export const CourseMediaSchema = Type.Object(
  { id: Type.Integer(), title: Type.String(), durationMs: Nullable(Type.Number()), localUrl: Nullable(Type.String()), localType: Nullable(Type.String()), streamUrl: Nullable(Type.String()) },
  Closed,
);
sameShape<Static<typeof CourseMediaSchema>, CourseMedia>(true);

const NameReadingSchema = Type.Object({ initials: Type.String(), pinyin: Type.String() }, Closed);

export const CheckinTileSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    branch: Nullable(Type.String()),
    category: MemberCategorySchema,
    registered: Type.Boolean(),
    initials: Type.String(),
    pinyin: Type.String(),
    alternates: Type.Array(NameReadingSchema),
    order: Type.Integer(),
  },
  Closed,
);
sameShape<Static<typeof CheckinTileSchema>, CheckinTile>(true);

/** GET /api/members/checkin-list: the door's tiles (sent as JSON text made once per roster change). */
export const CheckinListSchema = Type.Object({ members: Type.Array(CheckinTileSchema) }, Closed);
