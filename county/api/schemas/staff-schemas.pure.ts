// The staff API's answers about logging in, the staff, and the county's notices and policy, as TypeBox schemas:
// the routes' response schemas (checked in the tests: common/response-contract.ts) and, through Static<…>, the
// dashboard's types (county/dashboard/ui/src/api-types.ts). Each is checked against the hub's own type.
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { StaffUser } from '../../store/staff-store.ts';
import type { LoginResult } from '../../auth/staff-auth.ts';
import type { CountyNoticeRecord } from '../../store/downlink-store.ts';
import { PolicySchema } from '../../../protocol/downlink.pure.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

export const StaffUserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    role: OneOf(['county_admin', 'viewer', 'instructor']),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
    disabledAt: Nullable(Type.Number()),
    mustChangePassword: Type.Boolean(),
    /** The unit whose subtree the user sees and acts on; null: the whole hub. */
    unitId: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof StaffUserSchema>, StaffUser>(true);

/** POST /api/county/login: the session (also set as the HttpOnly cookie), and whether the password must change. */
export const LoginResultSchema = Type.Object(
  {
    token: Type.String(),
    user: StaffUserSchema,
    expiresAt: Type.Number(),
    mustChangePassword: Type.Boolean(),
    passwordProblem: Type.Optional(OneOf(['too_short', 'digits_only', 'repeated', 'common', 'like_name'])),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof LoginResultSchema>, LoginResult>(true);

/** GET /api/county/me. */
export const MeSchema = Type.Object({ user: StaffUserSchema }, { additionalProperties: false });

/** GET /api/county/users: the staff, and the roles one may be given. */
export const UsersSchema = Type.Object(
  { hubTime: Type.Number(), users: Type.Array(StaffUserSchema), roles: Type.Array(OneOf(['county_admin', 'viewer', 'instructor'])) },
  { additionalProperties: false },
);

export const CountyNoticeSchema = Type.Object(
  { id: Type.Integer(), stationKey: Type.String(), text: Type.String(), until: Nullable(Type.String()), createdAt: Type.Number(), unitId: Type.Optional(Type.String()), grades: Type.Optional(Type.Array(GradeSchema)), stationIds: Type.Optional(Type.Array(Type.String())) },
  { additionalProperties: false },
);
sameShape<Static<typeof CountyNoticeSchema>, CountyNoticeRecord>(true);

export const NoticeAnswerSchema = Type.Object({ notice: CountyNoticeSchema }, { additionalProperties: false });
export const NoticesAnswerSchema = Type.Object({ notices: Type.Array(CountyNoticeSchema) }, { additionalProperties: false });
/** from: the unit whose own policy holds (GET with an org tree); absent: the hub-wide one. */
export const PolicyAnswerSchema = Type.Object(
  { policy: PolicySchema, from: Type.Optional(Type.Object({ unitId: Type.String(), name: Type.String() }, { additionalProperties: false })) },
  { additionalProperties: false },
);
