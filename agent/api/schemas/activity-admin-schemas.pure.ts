// The admin screens' answers about branch activities (支部活动记录): a month's register, one record with its
// check-ins and photos, entering, withdrawing and the door's window, a check-in, photos from a stick, a thumbnail —
// as TypeBox schemas: the routes' response schemas (checked in the tests: common/response-contract.ts) and, through
// Static<…>, the kiosk's types. Each is checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { ActivityCheckin, ActivityPhoto } from '../../activities/activity-store.ts';
import type { ActivityCheckinOutcome } from '../../activities/activity-checkin.ts';
import type { PhotoOutcome } from '../../activities/activity-photos.ts';
import type { SessionFigures } from '../../reports/participation.pure.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { ActivitySchema } from './activity-door-schemas.pure.ts';
import { GuestCategorySchema, MemberCategorySchema } from './session-schemas.pure.ts';
import { GuestsByCategorySchema, MonthlyActivitiesSchema, RhythmLineSchema } from './records-schemas.pure.ts';

const Closed = { additionalProperties: false } as const;

/** GET /api/admin/activities: a month's register, the rhythm as of today, and the activities whose door is open. */
export const ActivityRegisterSchema = Type.Object(
  { month: Type.String(), today: Type.String(), register: MonthlyActivitiesSchema, rhythmToday: Type.Array(RhythmLineSchema), checkinOpen: Type.Array(Type.Integer()) },
  Closed,
);

/** An activity's figures: 应到, 实到, the rate, the guests (nobody is late to a meeting), and who was absent. */
export const ActivityFiguresSchema = Type.Object(
  {
    registered: Type.Integer(),
    attendedRegistered: Type.Integer(),
    rate: Nullable(Type.Number()),
    late: Type.Integer(),
    guests: Type.Integer(),
    guestsByCategory: GuestsByCategorySchema,
    absentIds: Type.Array(Type.Integer()),
  },
  Closed,
);
sameShape<Static<typeof ActivityFiguresSchema>, SessionFigures>(true);

const CheckinMethodSchema = OneOf(['tile', 'search', 'card', 'guest', 'cli', 'admin']);

const activityCheckinFields = {
  id: Type.Integer(),
  activityId: Type.Integer(),
  memberId: Nullable(Type.Integer()),
  memberCategory: Nullable(MemberCategorySchema),
  guestName: Nullable(Type.String()),
  guestCategory: Nullable(GuestCategorySchema),
  method: CheckinMethodSchema,
  checkedInAt: Type.Number(),
};
export const ActivityCheckinSchema = Type.Object(activityCheckinFields, Closed);
sameShape<Static<typeof ActivityCheckinSchema>, ActivityCheckin>(true);

const activityPhotoFields = {
  id: Type.Integer(),
  activityId: Type.Integer(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  format: OneOf(['jpeg', 'png']),
  originalName: Type.String(),
  importedBy: Type.String(),
  importedAt: Type.Number(),
};
export const ActivityPhotoSchema = Type.Object(activityPhotoFields, Closed);
sameShape<Static<typeof ActivityPhotoSchema>, ActivityPhoto>(true);

/** GET /api/admin/activities/:id: the record, its figures, who checked in (by name) and its photos as found on disk. */
export const ActivityDetailSchema = Type.Object(
  {
    activity: ActivitySchema,
    figures: ActivityFiguresSchema,
    checkins: Type.Array(Type.Object({ ...activityCheckinFields, name: Type.String() }, Closed)),
    photos: Type.Array(Type.Object({ ...activityPhotoFields, state: OneOf(['ok', 'missing', 'changed']) }, Closed)),
  },
  Closed,
);

/** POST /api/admin/activities, …/withdraw, …/checkin/open: the record after it. */
export const ActivityAnswerSchema = Type.Object({ activity: ActivitySchema }, Closed);
/** POST /api/admin/activities/:id/checkin/close: the record and its final figures. */
export const ActivityClosedSchema = Type.Object({ activity: ActivitySchema, figures: ActivityFiguresSchema }, Closed);

/** POST /api/admin/activities/:id/checkins: checked in (201) or already (200), and the door's figures. */
export const ActivityCheckinOutcomeSchema = Type.Object(
  {
    status: OneOf(['checked_in', 'already']),
    checkin: ActivityCheckinSchema,
    name: Type.String(),
    figures: Type.Object({ registered: Type.Integer(), attendedRegistered: Type.Integer(), rate: Nullable(Type.Number()), guests: Type.Integer() }, Closed),
  },
  Closed,
);
sameShape<Static<typeof ActivityCheckinOutcomeSchema>, ActivityCheckinOutcome>(true);

export const PhotoOutcomeSchema = Type.Union([
  Type.Object({ name: Type.String(), status: Type.Literal('imported'), photo: ActivityPhotoSchema }, Closed),
  Type.Object({ name: Type.String(), status: Type.Literal('duplicate'), sha256: Type.String() }, Closed),
  Type.Object(
    {
      name: Type.String(),
      status: Type.Literal('refused'),
      refusal: Type.Object({ code: OneOf(['photo_not_image', 'photo_too_large']), params: Type.Unsafe<RefusalParams>(Type.Record(Type.String(), Type.Unknown())) }, Closed),
    },
    Closed,
  ),
]);
sameShape<Static<typeof PhotoOutcomeSchema>, PhotoOutcome>(true);

/** POST /api/admin/activities/:id/photos: what became of each file. */
export const PhotoOutcomesSchema = Type.Object({ outcomes: Type.Array(PhotoOutcomeSchema) }, Closed);

/** GET /api/admin/activities/photos/:sha256/thumbnail: the thumbnail as a data URL. */
export const ThumbnailSchema = Type.Object({ dataUrl: Type.String() }, Closed);
