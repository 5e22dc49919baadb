// The satisfaction survey after a group viewing as the kiosk reads it, as a TypeBox schema: the routes' response
// schema (checked in the tests: common/response-contract.ts) and, through Static<…>, the kiosk's SurveyView.
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { SurveyView } from '../../satisfaction/survey.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

export const SurveyViewSchema = Type.Object(
  {
    sessionId: Type.Integer(),
    title: Type.String(),
    date: Type.String(),
    state: OneOf(['open', 'closed']),
    openedAt: Type.Number(),
    closesBy: Type.Number(),
    closedAt: Nullable(Type.Number()),
    /** People checked in (members and guests): at most one answer each. */
    present: Type.Integer(),
    figures: Type.Object(
      {
        satisfied: Type.Integer(),
        basicallySatisfied: Type.Integer(),
        dissatisfied: Type.Integer(),
        answers: Type.Integer(),
        share: Nullable(Type.Number()),
        target: Type.Number(),
        meetsTarget: Nullable(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof SurveyViewSchema>, SurveyView>(true);

/** Every survey route answers the survey as it stands. */
export const SurveyAnswerSchema = Type.Object({ survey: SurveyViewSchema }, { additionalProperties: false });
