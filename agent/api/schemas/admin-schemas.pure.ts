// The admin screens' answers about logging in, notices and corrections at the door, as TypeBox schemas: the routes'
// response schemas (checked in the tests: common/response-contract.ts) and, through Static<…>, the kiosk's types.
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { Account } from '../../admin/account-store.ts';
import { OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { AttendanceSchema, DoorFiguresSchema, SessionSchema } from './session-schemas.pure.ts';
import { NoticeSchema } from './station-schemas.pure.ts';

/** Who an account is, as the admin entry and the screens name it. */
export const AccountNameSchema = Type.Object({ id: Type.Integer(), name: Type.String(), role: OneOf(['administrator', 'operator', 'tutor']) }, { additionalProperties: false });
sameShape<Static<typeof AccountNameSchema>, Pick<Account, 'id' | 'name' | 'role'>>(true);

/** POST /api/admin/login: the session's token, whether the PIN must change first, and who logged in. */
export const LoginSchema = Type.Object({ token: Type.String(), mustChangePin: Type.Boolean(), account: AccountNameSchema }, { additionalProperties: false });

/** GET /api/admin/login/accounts: the names to choose from (nothing else of the accounts). */
export const LoginChoicesSchema = Type.Object({ accounts: Type.Array(AccountNameSchema) }, { additionalProperties: false });

/** POST /api/admin/sessions/:id/stop: the session as it ended. */
export const StoppedSessionSchema = Type.Object({ session: SessionSchema }, { additionalProperties: false });

export const NoticesSchema = Type.Object({ notices: Type.Array(NoticeSchema) }, { additionalProperties: false });

/** DELETE /api/admin/attendance/:id: the undone check-in and the session's figures after it. */
export const UndoneCheckinSchema = Type.Object({ attendance: AttendanceSchema, figures: DoorFiguresSchema }, { additionalProperties: false });

/** POST /api/sessions/:id/start, /api/sessions/:id/tutor, /api/admin/sessions/:id/tutor: the session after it. */
export const SessionAnswerSchema = StoppedSessionSchema;

/** GET /api/tutors: the tutors a viewing may name (id and name only). */
export const TutorsSchema = Type.Object({ tutors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false })) }, { additionalProperties: false });

export const AccountSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    role: OneOf(['administrator', 'operator', 'tutor']),
    mustChange: Type.Boolean(),
    active: Type.Boolean(),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof AccountSchema>, Account>(true);

export const AccountsSchema = Type.Object({ accounts: Type.Array(AccountSchema) }, { additionalProperties: false });
export const AccountAnswerSchema = Type.Object({ account: AccountSchema }, { additionalProperties: false });

/** POST /api/admin/accounts: the account and its one-time PIN, shown once. */
export const NewAccountSchema = Type.Object({ account: AccountSchema, pin: Type.String() }, { additionalProperties: false });
