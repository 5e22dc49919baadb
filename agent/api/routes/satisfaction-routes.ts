// Satisfaction after a group viewing (满意度测评): the kiosk opens the survey, posts each answer (by the remote or
// a card tap) and closes it. The figures per month are in the monthly report.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { SATISFACTION_ANSWERS } from '../../satisfaction/satisfaction.pure.ts';
import { SatisfactionError, answerSurvey, closeSurvey, openSurvey, readSurvey, type SatisfactionErrorCode } from '../../satisfaction/survey.ts';
import { ApiError } from '../api-error.ts';
import { SessionStore } from '../../sessions/session-store.ts';
import { SurveyAnswerSchema } from '../schemas/satisfaction-schemas.pure.ts';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const AnswerBody = Type.Object(
  {
    answer: Type.Union(SATISFACTION_ANSWERS.map((a) => Type.Literal(a))),
    cardUid: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const STATUS: Record<SatisfactionErrorCode, number> = {
  session_not_found: 404,
  survey_not_found: 404,
  card_unknown: 404,
  not_group_viewing: 409,
  session_not_ended: 409,
  nobody_present: 409,
  survey_closed: 409,
  survey_full: 409,
  card_not_present: 409,
  already_answered: 409,
};

/** The domain's refusal as the API's (kept here so the shared api-error.ts need not know this module). */
function refused<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof SatisfactionError) throw new ApiError<string>(STATUS[err.code as SatisfactionErrorCode], err.code, err.params);
    throw err;
  }
}

export function satisfactionRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/sessions/:id/satisfaction', { schema: { params: Params, response: { 200: SurveyAnswerSchema } } }, async (request) => {
      const survey = refused(() => readSurvey(ctx.db, request.params.id));
      if (!survey) throw new ApiError(404, 'survey_not_found', { title: new SessionStore(ctx.db).get(request.params.id)?.title ?? '' });
      return { survey };
    });

    app.post('/api/sessions/:id/satisfaction', { schema: { params: Params, response: { 200: SurveyAnswerSchema } } }, async (request) => {
      return { survey: refused(() => openSurvey(ctx.db, request.params.id, ctx.now())) };
    });

    app.post('/api/sessions/:id/satisfaction/answers', { schema: { params: Params, body: AnswerBody, response: { 201: SurveyAnswerSchema } } }, async (request, reply) => {
      const { answer, cardUid } = request.body;
      const survey = refused(() => answerSurvey(ctx.db, { sessionId: request.params.id, answer, ...(cardUid !== undefined ? { cardUid } : {}), at: ctx.now() }));
      reply.code(201);
      return { survey };
    });

    app.post('/api/sessions/:id/satisfaction/close', { schema: { params: Params, response: { 200: SurveyAnswerSchema } } }, async (request) => {
      return { survey: refused(() => closeSurvey(ctx.db, request.params.id, ctx.now())) };
    });
  };
}
