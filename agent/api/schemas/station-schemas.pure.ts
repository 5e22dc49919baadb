// The agent's small answers to the kiosk — its health probe, the door notice, the screen the kiosk shows, a
// printable page, the members a phone tail names — as TypeBox schemas: the routes' response schemas (checked in
// the tests: common/response-contract.ts) and, through Static<…>, the kiosk's types (kiosk/ui/src/api-types.ts).
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { KioskPresence } from '../../health/health-sample.ts';
import type { StationState } from '../routes/station-routes.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { SessionViewSchema, ShowingSchema } from './session-schemas.pure.ts';
import { ActivityDoorViewSchema } from './activity-door-schemas.pure.ts';

/** GET /api/health: the agent answers, and its clock. */
export const HealthSchema = Type.Object({ ok: Type.Literal(true), at: Type.Number() }, { additionalProperties: false });

/** GET /api/board/notice: the door notice (节目预告) as a page. */
export const DoorNoticeSchema = Type.Object({ title: Type.String(), html: Type.String() }, { additionalProperties: false });

/** GET /api/admin/exports/:kind/print: an export as a printable page. */
export const PrintablePageSchema = Type.Object({ title: Type.String(), fileName: Type.String(), html: Type.String() }, { additionalProperties: false });

/** GET /api/members/phone-tail/:tail: the members whose phone ends so (ids only: the numbers never leave). */
export const PhoneTailSchema = Type.Object({ ids: Type.Array(Type.Integer()) }, { additionalProperties: false });

export const KioskPresenceSchema = Type.Object(
  {
    connected: Type.Boolean(),
    lastSeenAt: Nullable(Type.Number()),
    screen: Nullable(OneOf(['board', 'checkin', 'player', 'admin'])),
    width: Nullable(Type.Number()),
    height: Nullable(Type.Number()),
    visible: Nullable(Type.Boolean()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof KioskPresenceSchema>, KioskPresence>(true);

/** GET /api/kiosk/screen: whether a kiosk is drawing (the shell's watchdog reads it). */
export const KioskScreenSchema = Type.Object({ now: Type.Number(), streams: Type.Integer(), kiosk: KioskPresenceSchema }, { additionalProperties: false });

/** What is wrong on the terminal (a full disk, no hub, the clock): said by the agent in both languages for now. */
export const AlertSchema = Type.Object(
  { code: Type.String(), level: OneOf(['warning', 'critical']), message: Type.String(), messageEn: Type.String(), since: Type.Number() },
  { additionalProperties: false },
);

export const ClockTrustSchema = Type.Union([
  Type.Object({ trusted: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object(
    { trusted: Type.Literal(false), reason: OneOf(['before_build', 'hub_skew']), message: Type.String(), messageEn: Type.String() },
    { additionalProperties: false },
  ),
]);

export const NoticeSchema = Type.Object(
  { id: Type.String(), text: Type.String(), origin: OneOf(['station', 'county']), until: Nullable(Type.String()), createdAt: Type.Number() },
  { additionalProperties: false },
);

/** GET /api/state: what the kiosk draws the room from (agent/api/routes/station-routes.ts, stationState). */
export const StationStateSchema = Type.Object(
  {
    now: Type.Number(),
    station: Type.Object(
      {
        id: Type.String(),
        name: Type.String(),
        grade: GradeSchema,
        gradeLabel: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
        timeZone: Type.String(),
        language: OneOf(['zh-CN', 'en']),
        volume: Type.Number(),
        textSize: Type.Union([Type.Literal(100), Type.Literal(125), Type.Literal(150)]),
        highContrast: Type.Boolean(),
        checkinSound: OneOf(['off', 'low', 'medium', 'high']),
      },
      { additionalProperties: false },
    ),
    clock: ClockTrustSchema,
    alerts: Type.Array(AlertSchema),
    live: Type.Array(SessionViewSchema),
    next: Nullable(ShowingSchema),
    /** The next group viewing within 40 days, whatever comes before it. */
    nextGroupViewing: Nullable(ShowingSchema),
    /** The satisfaction survey the room should answer now (open, or due after a viewing ended), if any. */
    survey: Nullable(Type.Object({ sessionId: Type.Integer(), title: Type.String() }, { additionalProperties: false })),
    notices: Type.Array(NoticeSchema),
    adminPinMustChange: Type.Boolean(),
    /** Today's branch activity whose check-in is open: the door's screen shows it (a viewing's check-in first). */
    activityCheckin: Nullable(ActivityDoorViewSchema),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof StationStateSchema>, StationState>(true);
