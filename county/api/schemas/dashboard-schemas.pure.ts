// The staff API's answers the overview page is built on — the month's figures, the ranking and the station list —
// as TypeBox schemas, each checked against the view's own type; the dashboard's types are their Static<…>.
// Declared when the org tree's ?unit= came to these routes (issue 16).
import { Type, type Static } from 'typebox';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { PolicySchema } from '../../../protocol/downlink.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import type { Overview } from '../../views/dashboard-views.ts';
import type { RankingSort, StationRow } from '../../views/station-rows.ts';
import type { HubStation } from '../../store/station-store.ts';
import { HubStationSchema } from './county-admin-schemas.pure.ts';

const Share = Nullable(Type.Number());
const ByGrade = Type.Object({ demonstration: Type.Integer(), standard: Type.Integer(), ordinary: Type.Integer() }, { additionalProperties: false });

/** GET /api/county/overview?month=&unit=. */
export const OverviewSchema = Type.Object(
  {
    hubTime: Type.Number(),
    figuresAt: Type.Number(),
    month: Type.String(),
    timeZone: Type.String(),
    monthComplete: Type.Boolean(),
    stations: Type.Object({ total: Type.Integer(), enrolled: Type.Integer(), pendingEnrollment: Type.Integer(), byGrade: ByGrade }, { additionalProperties: false }),
    online: Type.Object({ now: Type.Integer(), rate: Share, windowMinutes: Type.Number() }, { additionalProperties: false }),
    uptime: Share,
    participation: Type.Object({ registered: Type.Integer(), attendedRegistered: Type.Integer(), rate: Share, stationsReporting: Type.Integer() }, { additionalProperties: false }),
    sessionsHeld: Type.Integer(),
    satisfaction: Type.Object(
      {
        satisfied: Type.Integer(),
        basicallySatisfied: Type.Integer(),
        dissatisfied: Type.Integer(),
        surveys: Type.Integer(),
        answers: Type.Integer(),
        share: Share,
        meetsTarget: Nullable(Type.Boolean()),
        target: Type.Number(),
        stationsReporting: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    belowMinimum: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), grade: GradeSchema, sessionsHeld: Type.Integer(), sessionsRequired: Type.Integer() }, { additionalProperties: false }),
    ),
    alerts: Type.Object({ total: Type.Integer(), critical: Type.Integer() }, { additionalProperties: false }),
    policy: PolicySchema,
    requiredByGrade: ByGrade,
  },
  { additionalProperties: false },
);
sameShape<Static<typeof OverviewSchema>, Overview>(true);

export const StationRowSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    grade: GradeSchema,
    enrolledAt: Nullable(Type.Number()),
    lastSeenAt: Nullable(Type.Number()),
    online: Type.Boolean(),
    uptime: Share,
    sessionsHeld: Type.Integer(),
    sessionsRequired: Type.Integer(),
    compliant: Type.Boolean(),
    registered: Nullable(Type.Integer()),
    attendedRegistered: Nullable(Type.Integer()),
    excused: Nullable(Type.Integer()),
    participationRate: Share,
    studyMinutes: Nullable(Type.Number()),
    guests: Nullable(Type.Integer()),
    summaryReportedAt: Nullable(Type.Number()),
    satisfactionShare: Share,
    satisfactionAnswers: Type.Integer(),
    alerts: Type.Integer(),
    weeklyReportsMissing: Type.Integer(),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof StationRowSchema>, StationRow>(true);

const SORTS = ['participationRate', 'uptime', 'sessionsHeld', 'compliance', 'name', 'lastSeenAt', 'alerts'] as const satisfies readonly RankingSort[];

/** GET /api/county/ranking?month=&sort=&order=&unit=: the rows in the order asked, each with its place by participation. */
export const RankingSchema = Type.Object(
  {
    hubTime: Type.Number(),
    figuresAt: Type.Number(),
    month: Type.String(),
    sort: OneOf(SORTS),
    order: OneOf(['asc', 'desc']),
    /** How many rows the whole ranking has; `rows` are those from `offset` on (all of them, or ?limit=). */
    total: Type.Integer(),
    offset: Type.Integer(),
    rows: Type.Array(Type.Object({ ...StationRowSchema.properties, rank: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof RankingSchema>['sort'], RankingSort>(true);
sameShape<Static<typeof RankingSchema>['rows'][number], StationRow & { rank: number }>(true);

/** A station of the list: as the hub keeps it, and whether it is online now. */
export const ListedStationSchema = Type.Object({ ...HubStationSchema.properties, online: Type.Boolean() }, { additionalProperties: false });
sameShape<Static<typeof ListedStationSchema>, HubStation & { online: boolean }>(true);

/** GET /api/county/stations?unit=. */
export const StationListSchema = Type.Object({ hubTime: Type.Number(), stations: Type.Array(ListedStationSchema) }, { additionalProperties: false });
