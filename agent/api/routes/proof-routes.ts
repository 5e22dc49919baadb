// Admin: proof of viewing (收看留证) — the room camera's switch (摄像头拍照 开/关, off until the administrator
// turns it on: it photographs a room of people) and a viewing's pictures. Reading is the records permission;
// the switch is the administrator's (settings).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { appendStationLog } from '../../stationlog/station-log.ts';
import { readProofSettings, writeProofSettings } from '../../proof/proof-settings.ts';
import { ProofStore } from '../../proof/proof-store.ts';
import { CAMERA_DEVICE_PATTERN } from '../../proof/ffmpeg-room-camera.ts';
import { CaptureWantedSchema, ProofSettingsSchema, SessionProofsSchema } from '../schemas/proof-schemas.pure.ts';
import { MAX_PROOF_JPEG_BYTES } from '../../../protocol/event-bodies.pure.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { ApiError } from '../api-error.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function proofRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The kiosk launcher's side of the relay (proof/kiosk-relay.ts): loopback only, as the whole API is. A local
    // process could answer with a picture of its own; it could not drive the browser (docs/proof-of-viewing.md).
    await app.register(async (scope) => {
      const kiosk = scope.withTypeProvider<TypeBoxTypeProvider>();
      kiosk.addContentTypeParser('image/jpeg', { parseAs: 'buffer', bodyLimit: MAX_PROOF_JPEG_BYTES }, (_request, body, done) => done(null, body));
      kiosk.get('/api/kiosk/capture', { schema: { response: { 200: CaptureWantedSchema } } }, async () => {
        // `restart` only when one is wanted: the answer an older launcher knows stays as it was.
        const restart = ctx.proof.relay.nextRestart();
        return { wanted: ctx.proof.relay.next(), ...(restart === null ? {} : { restart }) };
      });
      kiosk.put('/api/kiosk/restart/:id', { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: OkSchema } } }, async (request) => {
        if (!ctx.proof.relay.restartTaken(request.params.id)) throw new ApiError(404, 'not_found', { url: request.url });
        return { ok: true as const };
      });
      kiosk.put('/api/kiosk/capture/:id', { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: OkSchema } } }, async (request) => {
        if (!Buffer.isBuffer(request.body) || !ctx.proof.relay.deliver(request.params.id, request.body)) throw new ApiError(404, 'not_found', { url: request.url });
        return { ok: true as const };
      });
    });

    await app.register(async (scope) => {
      const proof = scope.withTypeProvider<TypeBoxTypeProvider>();
      proof.addHook('onRequest', adminGuard(ctx, 'settings', 'records'));

      proof.get('/api/admin/proof-settings', { schema: { response: { 200: ProofSettingsSchema } } }, async () => readProofSettings(ctx.db));

      proof.put(
        '/api/admin/proof-settings',
        {
          onRequest: adminGuard(ctx, 'settings'),
          schema: {
            body: Type.Object({ roomCamera: Type.Optional(Type.Boolean()), cameraDevice: Type.Optional(Type.String({ pattern: CAMERA_DEVICE_PATTERN.source })) }, { additionalProperties: false }),
            response: { 200: ProofSettingsSchema },
          },
        },
        async (request) => {
          const at = ctx.now();
          return ctx.db.transaction(() => {
            const saved = writeProofSettings(ctx.db, request.body, at);
            const what = request.body.roomCamera === undefined ? `摄像头设备：${saved.cameraDevice}` : saved.roomCamera ? '摄像头拍照：开' : '摄像头拍照：关';
            appendStationLog(ctx.db, { type: 'station', actor: actorOf(request), at, message: `修改设置：${what}`, detail: request.body });
            return saved;
          })();
        },
      );

      proof.get('/api/admin/sessions/:id/proofs', { schema: { params: Id, response: { 200: SessionProofsSchema } } }, async (request) => ({
        proofs: new ProofStore(ctx.db).forSession(request.params.id),
      }));

      proof.get('/api/admin/proofs/:id/jpeg', { schema: { params: Id, response: NOT_JSON } }, async (request, reply) => {
        const jpeg = new ProofStore(ctx.db).jpeg(request.params.id);
        if (!jpeg) throw new ApiError(404, 'not_found', { url: request.url });
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(jpeg);
      });
    });
  };
}
