// Response schemas of the remote-help routes (routes/remote-help-routes.ts).
import { Type, type Static } from 'typebox';

export const RemoteHelpCommandAnswerSchema = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  kind: Type.Union([Type.Literal('screenshot'), Type.Literal('restart_kiosk'), Type.Literal('diagnostics')]),
  issuedBy: Type.String(),
  issuedAt: Type.Integer(),
  expiresAt: Type.Integer(),
  state: Type.Union([Type.Literal('requested'), Type.Literal('delivered'), Type.Literal('done'), Type.Literal('refused'), Type.Literal('failed'), Type.Literal('expired')]),
  deliveredAt: Type.Union([Type.Integer(), Type.Null()]),
  finishedAt: Type.Union([Type.Integer(), Type.Null()]),
  /** Why the station refused or failed it (protocol/remote-help.pure.ts REMOTE_HELP_CODES); the dashboard words it. */
  code: Type.Union([Type.String(), Type.Null()]),
  resultBytes: Type.Union([Type.Integer(), Type.Null()]),
});
export type RemoteHelpCommandAnswer = Static<typeof RemoteHelpCommandAnswerSchema>;

export const RemoteHelpListSchema = Type.Object({
  commands: Type.Array(RemoteHelpCommandAnswerSchema),
  /** Which kinds the caller may send this station (a viewer may not restart its screen). */
  allowed: Type.Array(Type.Union([Type.Literal('screenshot'), Type.Literal('restart_kiosk'), Type.Literal('diagnostics')])),
});
