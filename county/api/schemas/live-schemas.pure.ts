// The staff API's answers about delivery state and live broadcasts (issue 17), as TypeBox schemas: the routes'
// response schemas and, through Static<…>, the dashboard's types.
import { Type, type Static } from 'typebox';
import { Nullable, OneOf } from '../../../common/schema-kit.pure.ts';

const Closed = { additionalProperties: false } as const;

const StationDeliverySchema = Type.Object(
  {
    stationId: Type.String(),
    stationName: Type.String(),
    online: Type.Boolean(),
    sentAt: Nullable(Type.Number()),
    receivedAt: Nullable(Type.Number()),
    shownAt: Nullable(Type.Number()),
    checkedIn: Nullable(Type.Integer()),
  },
  Closed,
);

/** GET /api/county/programs/:id/deliveries and /api/county/notices/:id/deliveries. */
export const DeliveriesAnswerSchema = Type.Object(
  {
    hubTime: Type.Number(),
    counts: Type.Object({ targeted: Type.Integer(), sent: Type.Integer(), received: Type.Integer(), shown: Type.Integer(), checkedIn: Type.Integer() }, Closed),
    stations: Type.Array(StationDeliverySchema),
  },
  Closed,
);
export type DeliveriesAnswer = Static<typeof DeliveriesAnswerSchema>;

/**
 * GET /api/county/live/:id (and POST …/end): a live broadcast's stations and check-ins so far. While it runs a
 * station is playing, waiting (online, not started) or offline; once staff ended it, it played or did not.
 */
export const LiveStateSchema = Type.Object(
  {
    hubTime: Type.Number(),
    program: Type.Object({ id: Type.Integer(), title: Type.String(), startedAt: Type.Number(), endedAt: Nullable(Type.Number()), streamUrl: Type.String() }, Closed),
    counts: Type.Object(
      { targeted: Type.Integer(), playing: Type.Integer(), waiting: Type.Integer(), offline: Type.Integer(), played: Type.Integer(), notPlayed: Type.Integer(), checkedIn: Type.Integer() },
      Closed,
    ),
    stations: Type.Array(Type.Object({ ...StationDeliverySchema.properties, state: OneOf(['playing', 'waiting', 'offline', 'played', 'not_played']) }, Closed)),
  },
  Closed,
);
export type LiveState = Static<typeof LiveStateSchema>;
