// The staff API's answers about alerts, the staff audit, the county's programs and a station's one-time codes (its
// enrollment code, its admin PIN reset codes), and the stations' own endpoints (enrollment, reports), as TypeBox
// schemas: the routes' response schemas (checked in the tests: common/response-contract.ts) and, through Static<…>,
// the dashboard's types (county/dashboard/ui/src/api-types.ts). Each is checked against the hub's own type.
import { Type, type Static } from 'typebox';
import { HUB_ALERT_CODES, type HubAlert } from '../../figures/alerts.pure.ts';
import type { CountyProgramRecord } from '../../store/downlink-store.ts';
import type { HubStation, IssuedCode } from '../../store/station-store.ts';
import type { IssuedCodeRow, IssuedPinResetCode } from '../../store/pin-reset-store.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import type { RejectedEvent, UplinkErrorReply } from '../../../protocol/wire.pure.ts';
import { CountyCourseSchema } from '../../../protocol/downlink.pure.ts';
import { CountyRuleSchema } from '../../../protocol/recurrence-rule.pure.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

const Closed = { additionalProperties: false } as const;

export const HubAlertSchema = Type.Object(
  {
    stationId: Type.String(),
    stationName: Type.String(),
    code: OneOf(HUB_ALERT_CODES),
    stationCode: Nullable(Type.String()),
    level: OneOf(['warning', 'critical']),
    since: Nullable(Type.Number()),
    message: Type.String(),
    messageEn: Type.String(),
  },
  Closed,
);
sameShape<Static<typeof HubAlertSchema>, HubAlert>(true);

/** GET /api/county/alerts: every station's standing alerts, critical first. */
export const AlertsAnswerSchema = Type.Object({ hubTime: Type.Number(), month: Type.String(), timeZone: Type.String(), alerts: Type.Array(HubAlertSchema) }, Closed);

/** GET /api/county/audit: the staff audit, newest first. */
export const AuditAnswerSchema = Type.Object(
  {
    entries: Type.Array(
      Type.Object({ id: Type.Integer(), at: Type.Number(), actor: Type.String(), action: Type.String(), detail: Type.Unknown({ description: 'what the entry carries (any JSON, or null)' }) }, Closed),
    ),
  },
  Closed,
);

const countyProgramFields = {
  id: Type.Integer(),
  /** What stations know it by (migration 0017). */
  stationKey: Type.String(),
  title: Type.String(),
  kind: OneOf(['group_viewing', 'background']),
  rule: CountyRuleSchema,
  course: CountyCourseSchema,
  checkinOpensBeforeMin: Type.Integer(),
  checkinClosesAfterMin: Type.Integer(),
  notes: Nullable(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  /** The unit whose subtree it reaches; absent: every station of the hub. */
  unitId: Type.Optional(Type.String()),
  /** Within it, only these site grades, or only these stations (migration 0022); absent: all of them. */
  grades: Type.Optional(Type.Array(GradeSchema)),
  stationIds: Type.Optional(Type.Array(Type.String())),
  /** A live broadcast started now (go live): when. */
  liveStartedAt: Type.Optional(Type.Number()),
  /** Staff ended the live broadcast: when. */
  liveEndedAt: Type.Optional(Type.Number()),
};
const CountyProgramRecordSchema = Type.Object(countyProgramFields, Closed);
sameShape<Static<typeof CountyProgramRecordSchema>, CountyProgramRecord>(true);

/** A county-wide program; stationProgramId repeats its stationKey, the name the dashboard read before 0017. */
export const CountyProgramSchema = Type.Object({ ...CountyProgramRecordSchema.properties, stationProgramId: Type.String() }, Closed);
export const CountyProgramsSchema = Type.Object({ programs: Type.Array(CountyProgramSchema) }, Closed);
/** POST /api/county/programs (201) and PUT /api/county/programs/:id: the program as saved. */
export const CountyProgramAnswerSchema = Type.Object({ program: CountyProgramSchema }, Closed);

export const IssuedCodeSchema = Type.Object({ stationId: Type.String(), code: Type.String(), expiresAt: Type.Number() }, Closed);
sameShape<Static<typeof IssuedCodeSchema>, IssuedCode>(true);
/** POST /api/county/stations/:id/enrollment-code: the new code, shown once. */
export const EnrollmentCodeAnswerSchema = Type.Object({ enrollment: IssuedCodeSchema }, Closed);

/** A station as the hub keeps it (never its secret). */
export const HubStationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    grade: GradeSchema,
    createdAt: Type.Number(),
    enrolledAt: Nullable(Type.Number()),
    lastSeenAt: Nullable(Type.Number()),
    retiredAt: Nullable(Type.Number()),
  },
  Closed,
);
sameShape<Static<typeof HubStationSchema>, HubStation>(true);
/** POST /api/county/stations: the station registered, and its first enrollment code (shown once). */
export const NewStationSchema = Type.Object({ station: HubStationSchema, enrollment: IssuedCodeSchema }, Closed);
/** PATCH /api/county/stations/:id: the station after the change. */
export const StationAnswerSchema = Type.Object({ station: HubStationSchema }, Closed);

export const IssuedPinResetCodeSchema = Type.Object(
  { stationId: Type.String(), code: Type.String(), issuedAt: Type.Number(), expiresAt: Type.Number(), issuedBy: Type.String() },
  Closed,
);
sameShape<Static<typeof IssuedPinResetCodeSchema>, IssuedPinResetCode>(true);
/** POST /api/county/stations/:id/pin-reset-code: the code to read out on the phone. */
export const PinResetIssuedSchema = Type.Object({ pinReset: IssuedPinResetCodeSchema }, Closed);

export const IssuedCodeRowSchema = Type.Object(
  { id: Type.String(), issuedAt: Type.Number(), expiresAt: Type.Number(), issuedBy: Type.String(), withdrawnAt: Nullable(Type.Number()), withdrawnBy: Nullable(Type.String()) },
  Closed,
);
sameShape<Static<typeof IssuedCodeRowSchema>, IssuedCodeRow>(true);
/** GET /api/county/stations/:id/pin-reset-codes: the codes issued lately (never the codes themselves). */
export const PinResetCodesSchema = Type.Object({ issued: Type.Array(IssuedCodeRowSchema) }, Closed);
/** DELETE /api/county/stations/:id/pin-reset-codes/:code: the code as withdrawn. */
export const PinResetWithdrawnSchema = Type.Object({ withdrawn: IssuedCodeRowSchema }, Closed);

const RejectedEventSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.Unsafe<RejectedEvent['code']>(Type.String()),
    params: Type.Unsafe<RejectedEvent['params']>(Type.Record(Type.String(), Type.Unknown())),
    message: Type.String(),
  },
  Closed,
);

/**
 * A refusal on the stations' endpoints (/api/v1/…) from the hub's error handler (county/api/build-api.ts): the
 * error body with the hub's time, from which a station corrects its clock.
 */
export const StationFacingRefusalSchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        params: Type.Unsafe<RefusalParams>(Type.Record(Type.String(), Type.Unknown())),
        retryAfterMs: Type.Optional(Type.Number()),
        message: Type.Optional(Type.String()),
        hubTime: Type.Number(),
      },
      Closed,
    ),
  },
  Closed,
);

/** A refusal of a report batch (POST /api/v1/reports): its code and values, its words, the hub's time, the events refused. */
export const ReportRefusalSchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        params: Type.Unsafe<RefusalParams>(Type.Record(Type.String(), Type.Unknown())),
        message: Type.String(),
        hubTime: Type.Number(),
        rejected: Type.Optional(Type.Array(RejectedEventSchema)),
        retryAfterMs: Type.Optional(Type.Number()),
      },
      Closed,
    ),
  },
  Closed,
);
sameShape<Static<typeof ReportRefusalSchema>, UplinkErrorReply>(true);

/** POST /api/v1/reports refuses in its own words, or (a body too large, not JSON) by the error handler. */
export const ReportRefusalsSchema = Type.Union([ReportRefusalSchema, StationFacingRefusalSchema]);
