// Response schemas of the proof-of-viewing routes (routes/proof-routes.ts).
import { Type } from 'typebox';

export const ProofSettingsSchema = Type.Object({ roomCamera: Type.Boolean(), cameraDevice: Type.String() });

export const SessionProofsSchema = Type.Object({
  proofs: Type.Array(
    Type.Object({
      id: Type.Integer(),
      sessionId: Type.Integer(),
      moment: Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end'), Type.Literal('room')]),
      takenAt: Type.Integer(),
      width: Type.Integer(),
      height: Type.Integer(),
      bytes: Type.Integer(),
    }),
  ),
});

/** GET /api/kiosk/capture: the screenshot the agent waits for from the kiosk launcher, if any. */
export const CaptureWantedSchema = Type.Object({
  wanted: Type.Union([Type.String(), Type.Null()]),
  /** A restart of the kiosk browser remote help asked for (the launcher answers PUT /api/kiosk/restart/:id, then restarts). */
  restart: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
