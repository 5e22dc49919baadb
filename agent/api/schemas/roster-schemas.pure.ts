// The admin screens' answers about people — the roster and its import, the mobile-member ledger (流动党员台帐), who
// is logged in, a one-time PIN, the county's PIN reset code — as TypeBox schemas: the routes' response schemas
// (checked in the tests: common/response-contract.ts) and, through Static<…>, the kiosk's types. Each is checked
// against the agent's own type.
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import type { Member } from '../../roster/member-store.ts';
import type { LedgerEntry } from '../../roster/mobile-ledger-store.ts';
import type { ImportResult } from '../../roster/roster-import.ts';
import type { AcceptedCode } from '../../admin/reset-code.ts';
import type { Permission } from '../../admin/roles.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { MemberCategorySchema } from './session-schemas.pure.ts';
import { AccountSchema } from './admin-schemas.pure.ts';

const Closed = { additionalProperties: false } as const;

export const MemberSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    gender: Nullable(OneOf(['male', 'female'])),
    category: MemberCategorySchema,
    hardship: Type.Boolean(),
    branch: Nullable(Type.String()),
    cardUid: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    activeFrom: Nullable(Type.String()),
    activeTo: Nullable(Type.String()),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof MemberSchema>, Member>(true);

/** GET /api/admin/members: the roster in the station's name order. */
export const MembersSchema = Type.Object({ members: Type.Array(MemberSchema) }, Closed);

const RosterFieldSchema = OneOf(['name', 'gender', 'category', 'hardship', 'branch', 'cardUid', 'phone', 'activeFrom', 'activeTo']);
const RowRefSchema = Type.Object({ rowNumber: Type.Integer(), name: Nullable(Type.String()) }, Closed);
const MemberRefSchema = Type.Object({ name: Type.String(), branch: Nullable(Type.String()) }, Closed);
const Rows = { rows: Type.Array(RowRefSchema), total: Type.Integer() };

/** A row's problem: where it is, its code and its values (protocol/refusals/roster-row-texts.pure.ts words them). */
const problem = <const C extends readonly string[], P extends TSchema>(codes: C, params: P) =>
  Type.Object(
    { rowNumber: Type.Integer(), lastRowNumber: Type.Optional(Type.Integer()), field: Nullable(RosterFieldSchema), code: OneOf(codes), params },
    Closed,
  );
const Params = <P extends TProperties>(properties: P) => Type.Object(properties, Closed);
/** No values: typed as the domain's empty record (a closed object with no properties). */
const NoParams = Type.Unsafe<Record<string, never>>(Type.Object({}, Closed));

const RowErrorSchema = Type.Union([
  problem(['missing_name', 'missing_category'], NoParams),
  problem(['too_long'], Params({ max: Type.Integer() })),
  problem(['unknown_category', 'bad_gender', 'bad_flag', 'bad_phone', 'bad_date'], Params({ value: Type.String() })),
  problem(['date_order'], Params({ from: Type.String(), to: Type.String(), onRoster: Type.Boolean() })),
  problem(['duplicate_card_in_file'], Params({ cardUid: Type.String(), ...Rows })),
  problem(['duplicate_person_in_file'], Params({ ...Rows, person: MemberRefSchema })),
  problem(['card_belongs_to_other'], Params({ cardUid: Type.String(), holder: MemberRefSchema })),
  problem(['same_member_twice'], Params({ ...Rows, member: MemberRefSchema })),
  problem(['ambiguous_match'], Params({ members: Type.Array(MemberRefSchema), count: Type.Integer() })),
]);

/** POST /api/admin/roster/import: what the file held and what became of it. */
export const ImportResultSchema = Type.Object(
  {
    format: OneOf(['csv-utf8', 'csv-utf8-bom', 'csv-gb18030', 'xlsx']),
    totalRows: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    invalid: Type.Array(RowErrorSchema),
    invalidRows: Type.Integer(),
    moreProblems: Type.Integer(),
    written: Type.Boolean(),
    ignoredColumns: Type.Array(Type.String()),
  },
  Closed,
);
sameShape<Static<typeof ImportResultSchema>, ImportResult>(true);

export const LedgerEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    memberId: Type.Integer(),
    memberName: Type.String(),
    memberCategory: MemberCategorySchema,
    branch: Nullable(Type.String()),
    kind: OneOf(['flow_in', 'flow_out', 'return']),
    date: Type.String(),
    organisation: Type.String(),
    contact: Nullable(Type.String()),
    certificateNo: Nullable(Type.String()),
    note: Nullable(Type.String()),
    corrects: Nullable(Type.Integer()),
    correctedBy: Nullable(Type.Integer()),
    enteredBy: Type.String(),
    enteredAt: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof LedgerEntrySchema>, LedgerEntry>(true);

/** GET /api/admin/mobile-ledger: a year's entries (or all). */
export const LedgerSchema = Type.Object({ entries: Type.Array(LedgerEntrySchema) }, Closed);

const PermissionSchema = OneOf(['accounts', 'settings', 'roster', 'schedule', 'library', 'play', 'viewing', 'checkin', 'records', 'device']);
sameShape<Static<typeof PermissionSchema>, Permission>(true);

/** GET /api/admin/me: who this session is, and what the role may do. */
export const MeSchema = Type.Object(
  {
    account: Type.Object({ id: Type.Integer(), name: Type.String(), role: OneOf(['administrator', 'operator', 'tutor']), mustChange: Type.Boolean() }, Closed),
    permissions: Type.Array(PermissionSchema),
  },
  Closed,
);

/** POST /api/admin/accounts/:id/pin: the account and its one-time PIN, shown once. */
export const OneTimePinSchema = Type.Object({ pin: Type.String(), account: AccountSchema }, Closed);

export const AcceptedCodeSchema = Type.Object({ issuedAt: Type.Number(), expiresAt: Type.Number() }, Closed);
sameShape<Static<typeof AcceptedCodeSchema>, AcceptedCode>(true);

/** POST /api/admin/pin-reset: done, and the code's hour of issue and expiry. */
export const PinResetDoneSchema = Type.Object({ ok: Type.Literal(true), issuedAt: Type.Number(), expiresAt: Type.Number() }, Closed);
