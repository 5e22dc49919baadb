// The answers the kiosk reads about showings and sessions — the board, a session's live view, a check-in — as
// TypeBox schemas: the routes' response schemas (checked in the tests: common/response-contract.ts) and, through
// Static<…>, the kiosk's types (kiosk/ui/src/api-types.ts). Each is checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { Showing } from '../../programs/board.ts';
import type { Session } from '../../sessions/session-store.ts';
import type { SessionView } from '../../sessions/session-view.ts';
import type { Attendance } from '../../attendance/attendance-store.ts';
import type { CommittedCheckin } from '../../attendance/checkin-queue.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

export const ProgramKindSchema = OneOf(['group_viewing', 'background']);
export const SessionStatusSchema = OneOf(['checkin', 'playing', 'ended', 'cancelled']);
export const MemberCategorySchema = OneOf(['full', 'probationary', 'mobile_in', 'activist', 'applicant', 'other']);
export const GuestCategorySchema = OneOf(['non_registered', 'mobile', 'activist', 'applicant', 'employee', 'other']);

export const ShowingSchema = Type.Object(
  {
    programId: Type.Integer(),
    courseId: Type.Integer(),
    title: Type.String(),
    kind: ProgramKindSchema,
    origin: OneOf(['station', 'county', 'manual']),
    date: Type.String(),
    time: Type.String(),
    startsAt: Type.Number(),
    checkinOpensAt: Type.Number(),
    ruleText: Type.String(),
    notes: Nullable(Type.String()),
    sessionId: Nullable(Type.Integer()),
    sessionStatus: Nullable(SessionStatusSchema),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof ShowingSchema>, Showing>(true);

export const SessionSchema = Type.Object(
  {
    id: Type.Integer(),
    programId: Type.Integer(),
    occurrenceDate: Type.String(),
    kind: ProgramKindSchema,
    title: Type.String(),
    courseId: Type.Integer(),
    scheduledStart: Type.Number(),
    checkinOpensAt: Type.Number(),
    checkinClosesAt: Type.Number(),
    status: SessionStatusSchema,
    startedAt: Nullable(Type.Number()),
    lateStartMs: Nullable(Type.Number()),
    endedAt: Nullable(Type.Number()),
    courseDurationMs: Nullable(Type.Number()),
    playedMs: Type.Number(),
    held: Type.Boolean(),
    tutor: Nullable(Type.String()),
    operator: Nullable(Type.String()),
    createdAt: Type.Number(),
    /** A make-up showing (补学): counts who studied, never a held viewing. */
    makeUp: Type.Boolean(),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof SessionSchema>, Session>(true);

/** A session's figures at the door: 应到, 实到, the rate, the late, the guests by category. */
export const DoorFiguresSchema = Type.Object(
  {
    registered: Type.Integer(),
    attendedRegistered: Type.Integer(),
    rate: Nullable(Type.Number()),
    late: Type.Integer(),
    guests: Type.Integer(),
    guestsByCategory: Type.Object(
      { non_registered: Type.Integer(), mobile: Type.Integer(), activist: Type.Integer(), applicant: Type.Integer(), employee: Type.Integer(), other: Type.Integer() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const AttendeeViewSchema = Type.Object(
  {
    attendanceId: Type.Integer(),
    memberId: Nullable(Type.Integer()),
    name: Type.String(),
    memberCategory: Nullable(MemberCategorySchema),
    guestCategory: Nullable(GuestCategorySchema),
    registered: Type.Boolean(),
    checkedInAt: Type.Number(),
    checkedOutAt: Nullable(Type.Number()),
    late: Type.Boolean(),
    method: Type.String(),
  },
  { additionalProperties: false },
);

export const SessionViewSchema = Type.Object(
  {
    session: SessionSchema,
    window: OneOf(['not_open', 'open', 'closed']),
    playedShare: Nullable(Type.Number()),
    lastPlayStart: Nullable(Type.Object({ at: Type.Number(), positionMs: Type.Number() }, { additionalProperties: false })),
    figures: DoorFiguresSchema,
    attendees: Type.Array(AttendeeViewSchema),
    startable: Type.Boolean(),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof SessionViewSchema>, SessionView>(true);

export const AttendanceSchema = Type.Object(
  {
    id: Type.Integer(),
    sessionId: Type.Integer(),
    memberId: Nullable(Type.Integer()),
    memberCategory: Nullable(MemberCategorySchema),
    guestName: Nullable(Type.String()),
    guestCategory: Nullable(GuestCategorySchema),
    method: OneOf(['tile', 'search', 'card', 'guest', 'cli', 'admin']),
    checkedInAt: Type.Number(),
    checkedOutAt: Nullable(Type.Number()),
    late: Type.Boolean(),
    undoneAt: Nullable(Type.Number()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof AttendanceSchema>, Attendance>(true);

/** POST /api/sessions/:id/checkins: the outcome (checked in, or already earlier at `time`) and the door's figures. */
export const CheckinReplySchema = Type.Object(
  {
    status: OneOf(['checked_in', 'already']),
    attendance: AttendanceSchema,
    name: Type.String(),
    time: Type.String(),
    figures: DoorFiguresSchema,
  },
  { additionalProperties: false },
);
sameShape<Static<typeof CheckinReplySchema>, CommittedCheckin>(true);

export type CheckinReply = Static<typeof CheckinReplySchema>;

export const BoardSchema = Type.Object({ showings: Type.Array(ShowingSchema) }, { additionalProperties: false });
export const LiveSessionsSchema = Type.Object({ sessions: Type.Array(SessionViewSchema) }, { additionalProperties: false });
