// Device health for the admin screen: what Node itself can tell about this terminal, read on request.
// Sampling over time (and the county's uptime figures) belong to the health issue; this is a snapshot.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { adminGuard } from './admin-routes.ts';
import { DATABASE_FILE } from '../../store/database.ts';
import { queryStationLog } from '../../stationlog/station-log.ts';
import type { Alert } from '../../alerts/alert-center.ts';
import { countPendingOutbox } from '../../outbox/outbox-store.ts';

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
  };
}

export function deviceRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', adminGuard(ctx));
    app.get('/api/admin/device', async () => deviceHealth(ctx));
  };
}
