// Response schemas of the proof-of-viewing routes (routes/proof-routes.ts).
import { Type } from 'typebox';

export const StationProofsSchema = Type.Object({
  proofs: Type.Array(
    Type.Object({
      sessionId: Type.Integer(),
      moment: Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end'), Type.Literal('room')]),
      takenAt: Type.Integer(),
      width: Type.Integer(),
      height: Type.Integer(),
      bytes: Type.Integer(),
    }),
  ),
});
