// The staff API's answers about alerts that reach people (issue 17): the cases with who was told, the contacts
// (never a robot's key or secret in full), the rules and the SMS account as staff may see it.
import { Type, type Static } from 'typebox';
import { Nullable } from '../../../common/schema-kit.pure.ts';

export const AlertDeliverySchema = Type.Object(
  {
    rung: Type.Integer(),
    rungName: Type.String(),
    contactName: Type.String(),
    channel: Type.String(),
    delivered: Type.Boolean(),
    at: Type.Number(),
    tries: Type.Integer(),
    /** The provider's (or the exchange's) code of the last try: ok, wecom_93000, timeout … */
    lastCode: Type.String(),
  },
  { additionalProperties: false },
);

export const AlertCaseSchema = Type.Object(
  {
    id: Type.String(),
    stationId: Type.String(),
    stationName: Type.String(),
    code: Type.String(),
    message: Type.String(),
    openedAt: Type.Number(),
    closedAt: Nullable(Type.Number()),
    acknowledgedAt: Nullable(Type.Number()),
    acknowledgedBy: Nullable(Type.String()),
    ackNote: Nullable(Type.String()),
    deliveries: Type.Array(AlertDeliverySchema),
  },
  { additionalProperties: false },
);
export type AlertCaseView = Static<typeof AlertCaseSchema>;

export const AlertCasesAnswerSchema = Type.Object({ cases: Type.Array(AlertCaseSchema) }, { additionalProperties: false });
export const AlertCaseAnswerSchema = Type.Object({ case: AlertCaseSchema }, { additionalProperties: false });

export const NotifyContactSchema = Type.Object(
  {
    id: Type.String(),
    stationId: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    name: Type.String(),
    channel: Type.Union([Type.Literal('sms'), Type.Literal('wecom'), Type.Literal('dingtalk')]),
    /** A mobile number as given; a robot's address with its key cut to the last four characters. */
    shownAddress: Type.String(),
    hasSecret: Type.Boolean(),
    createdAt: Type.Number(),
  },
  { additionalProperties: false },
);
export type NotifyContactView = Static<typeof NotifyContactSchema>;

export const NotifyContactsAnswerSchema = Type.Object({ contacts: Type.Array(NotifyContactSchema) }, { additionalProperties: false });
export const NotifyContactAnswerSchema = Type.Object({ contact: NotifyContactSchema }, { additionalProperties: false });

export const AlertRuleSchema = Type.Object(
  { enabled: Type.Boolean(), firstAfterMinutes: Type.Integer({ minimum: 0 }), escalateAfterMinutes: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const AlertRulesAnswerSchema = Type.Object(
  {
    rules: Type.Record(Type.String(), AlertRuleSchema),
    sms: Nullable(Type.Object({ provider: Type.String(), signName: Type.String(), template: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const ContactTestAnswerSchema = Type.Object({ delivered: Type.Boolean(), tries: Type.Integer(), lastCode: Type.String() }, { additionalProperties: false });
