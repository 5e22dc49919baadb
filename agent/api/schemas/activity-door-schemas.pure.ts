// The answers the door's check-in screen reads about a branch activity (支部活动): the activity, its door view and
// a check-in's answer, as TypeBox schemas — the routes' response schemas and, through Static<…>, the kiosk's types.
// Each is checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { Activity } from '../../activities/activity-store.ts';
import type { ActivityDoorAnswer, ActivityDoorView } from '../../activities/activity-door.ts';
import { ACTIVITY_KINDS } from '../../../protocol/branch-rhythm.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { AttendeeViewSchema, DoorFiguresSchema, GuestCategorySchema, MemberCategorySchema } from './session-schemas.pure.ts';

export const ActivitySchema = Type.Object(
  {
    id: Type.Integer(),
    kind: OneOf(ACTIVITY_KINDS),
    date: Type.String(),
    startTime: Type.String(),
    endTime: Nullable(Type.String()),
    place: Type.String(),
    host: Type.String(),
    topic: Type.String(),
    minutes: Type.String(),
    branch: Nullable(Type.String()),
    sessionId: Nullable(Type.Integer()),
    recordedBy: Type.String(),
    recordedAt: Type.Number(),
    checkinOpenedAt: Nullable(Type.Number()),
    checkinClosedAt: Nullable(Type.Number()),
    withdrawn: Nullable(Type.Object({ at: Type.Number(), by: Type.String(), reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof ActivitySchema>, Activity>(true);

/** GET /api/activities/:id, and /api/state's `activityCheckin`. */
export const ActivityDoorViewSchema = Type.Object(
  { activity: ActivitySchema, window: OneOf(['not_open', 'open', 'closed']), figures: DoorFiguresSchema, attendees: Type.Array(AttendeeViewSchema) },
  { additionalProperties: false },
);
sameShape<Static<typeof ActivityDoorViewSchema>, ActivityDoorView>(true);

export const DoorAttendanceSchema = Type.Object(
  {
    id: Type.Integer(),
    memberId: Nullable(Type.Integer()),
    memberCategory: Nullable(MemberCategorySchema),
    guestCategory: Nullable(GuestCategorySchema),
    method: OneOf(['tile', 'search', 'card', 'guest', 'cli', 'admin']),
    checkedInAt: Type.Number(),
    checkedOutAt: Type.Null(),
    late: Type.Literal(false),
    undoneAt: Nullable(Type.Number()),
  },
  { additionalProperties: false },
);

/** POST /api/activities/:id/checkins: the viewing's answer's shape. */
export const ActivityDoorAnswerSchema = Type.Object(
  { status: OneOf(['checked_in', 'already']), attendance: DoorAttendanceSchema, name: Type.String(), time: Type.String(), figures: DoorFiguresSchema },
  { additionalProperties: false },
);
sameShape<Static<typeof ActivityDoorAnswerSchema>, ActivityDoorAnswer>(true);

/** DELETE /api/admin/activities/checkins/:id: the undone row and the new figures. */
export const ActivityUndoneSchema = Type.Object({ attendance: DoorAttendanceSchema, figures: DoorFiguresSchema }, { additionalProperties: false });
