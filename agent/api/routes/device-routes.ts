// Device health for the admin screen (a snapshot from Node plus the sampled history and health alerts), the
// equipment register (设备登记) behind the admin PIN, and the kiosk's heartbeat, which needs no PIN.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { DATABASE_FILE } from '../../store/database.ts';
import { queryStationLog } from '../../stationlog/station-log.ts';
import type { Alert } from '../../alerts/alert-center.ts';
import { countPendingOutbox } from '../../outbox/outbox-store.ts';
import type { HealthOverview } from '../../health/health-service.ts';
import { KIOSK_SCREENS } from '../../health/health-sample.ts';
import { EQUIPMENT_CONDITIONS, EquipmentNotFoundError, EquipmentStore, type EquipmentInput } from '../../health/equipment-store.ts';
import { ApiError } from '../api-error.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { isLocalDate, localDateOf } from '../../clock/local-time.pure.ts';
import { KioskPresenceSchema } from '../schemas/station-schemas.pure.ts';
import { DeviceHealthSchema, EquipmentListSchema, EquipmentSchema, RemovedEquipmentSchema } from '../schemas/device-library-schemas.pure.ts';

/** How far back the recent alerts reach, and how many of them are shown. */
const ALERT_LOOKBACK_MS = 30 * 86_400_000;
const RECENT_ALERTS = 10;

export interface DeviceHealth {
  sampledAt: number;
  agentUptimeSeconds: number;
  osUptimeSeconds: number;
  /** 1, 5 and 15 minute load averages (always 0 on Windows). */
  loadAverage: [number, number, number];
  cpuCount: number;
  memory: { totalBytes: number; freeBytes: number };
  disk: { path: string; freeBytes: number; totalBytes: number };
  nodeVersion: string;
  platform: string;
  /** The SQLite file with its write-ahead log, which holds recent commits until a checkpoint. */
  databaseBytes: number;
  outboxPending: number;
  /** Alerts standing now, and the station log's alert entries of the last 30 days, newest first. */
  activeAlerts: Alert[];
  recentAlerts: { id: number; at: number; message: string }[];
  /** Sampled every minute: the latest sample, the last 48 hours, the kiosk, the hub and the health alerts. */
  health: HealthOverview;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (err) {
    // No WAL or SHM file after a clean checkpoint is normal; anything else is a real failure.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

export async function deviceHealth(ctx: AgentContext): Promise<DeviceHealth> {
  const now = ctx.now();
  const stats = await fs.statfs(ctx.dataDir);
  const dbFile = path.join(ctx.dataDir, DATABASE_FILE);
  const sizes = await Promise.all([dbFile, `${dbFile}-wal`, `${dbFile}-shm`].map(fileSize));
  const alerts = queryStationLog(ctx.db, { type: 'alert', since: now - ALERT_LOOKBACK_MS, until: now + 1 });
  const [l1, l5, l15] = os.loadavg();
  return {
    sampledAt: now,
    agentUptimeSeconds: Math.round(process.uptime()),
    osUptimeSeconds: Math.round(os.uptime()),
    loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
    cpuCount: os.cpus().length,
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    // bavail, not bfree: the blocks an unprivileged process (the agent) can actually write.
    disk: { path: ctx.dataDir, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize },
    nodeVersion: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    databaseBytes: sizes.reduce((a, b) => a + b, 0),
    outboxPending: countPendingOutbox(ctx.db),
    activeAlerts: ctx.alerts.list(),
    recentAlerts: alerts
      .slice(-RECENT_ALERTS)
      .reverse()
      .map((e) => ({ id: e.id, at: e.at, message: e.message })),
    health: ctx.health.overview(now),
  };
}

const Heartbeat = Type.Object(
  {
    screen: Type.Union(KIOSK_SCREENS.map((s) => Type.Literal(s))),
    width: Type.Integer({ minimum: 0, maximum: 16_384 }),
    height: Type.Integer({ minimum: 0, maximum: 16_384 }),
    visible: Type.Boolean(),
  },
  { additionalProperties: false },
);

const EquipmentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    model: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]),
    quantity: Type.Integer({ minimum: 1, maximum: 9_999 }),
    issuedOn: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
    condition: Type.Union(EQUIPMENT_CONDITIONS.map((c) => Type.Literal(c))),
    notes: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Empty or blank text is "not given": stored as null, never as an empty string. */
function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The register's rules beyond the schema: a real name, a real calendar date, and not one in the future. */
function equipmentInput(ctx: AgentContext, body: EquipmentInput): EquipmentInput {
  const name = text(body.name);
  if (name === null) throw new ApiError(400, 'invalid_equipment', { rule: 'name', issuedOn: '' });
  const issuedOn = text(body.issuedOn);
  if (issuedOn !== null) {
    if (!isLocalDate(issuedOn)) throw new ApiError(400, 'invalid_equipment', { rule: 'date', issuedOn });
    const today = localDateOf(ctx.now(), readStationSettings(ctx.db).timeZone);
    if (issuedOn > today) throw new ApiError(400, 'invalid_equipment', { rule: 'future', issuedOn });
  }
  return { name, model: text(body.model), quantity: body.quantity, issuedOn, condition: body.condition, notes: text(body.notes) };
}

function notFound(err: unknown): never {
  if (err instanceof EquipmentNotFoundError) throw new ApiError(404, 'equipment_not_found', { equipmentId: err.id });
  throw err;
}

export function deviceRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The kiosk's own page says it is alive; loopback-only like every route, and no PIN: it runs unattended.
    app.post('/api/kiosk/heartbeat', { schema: { body: Heartbeat, response: { 200: Type.Object({ kiosk: KioskPresenceSchema }, { additionalProperties: false }) } } }, async (request) => ({
      kiosk: ctx.health.recordHeartbeat(request.body, ctx.now()),
    }));

    await app.register(async (scope) => {
      const admin = scope.withTypeProvider<TypeBoxTypeProvider>();
      admin.addHook('onRequest', adminGuard(ctx, 'device'));
      const equipment = new EquipmentStore(ctx.db);

      admin.get('/api/admin/device', { schema: { response: { 200: DeviceHealthSchema } } }, async () => deviceHealth(ctx));

      admin.get('/api/admin/equipment', { schema: { response: { 200: EquipmentListSchema } } }, async () => ({ items: equipment.list() }));

      admin.post('/api/admin/equipment', { schema: { body: EquipmentBody, response: { 201: EquipmentSchema } } }, async (request, reply) => {
        reply.code(201);
        return equipment.add(equipmentInput(ctx, request.body), actorOf(request), ctx.now());
      });

      admin.put('/api/admin/equipment/:id', { schema: { params: IdParams, body: EquipmentBody, response: { 200: EquipmentSchema } } }, async (request) => {
        try {
          return equipment.update(request.params.id, equipmentInput(ctx, request.body), actorOf(request), ctx.now());
        } catch (err) {
          return notFound(err);
        }
      });

      admin.delete('/api/admin/equipment/:id', { schema: { params: IdParams, response: { 200: RemovedEquipmentSchema } } }, async (request) => {
        try {
          return { removed: equipment.remove(request.params.id, actorOf(request), ctx.now()) };
        } catch (err) {
          return notFound(err);
        }
      });
    });
  };
}
