// The county hub as one running process: its database, the API for stations and staff, on one port.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { acquireInstanceLock, HUB_LOCK } from '../common/instance-lock.ts';
import { hubTooNew, openHubDatabase } from './store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from './store/hub-database.ts';
import { openPostgresHub } from './store/postgres/open.ts';
import { hubContext, type HubContext } from './hub-context.ts';
import { buildHubApi, type HubApi } from './api/build-api.ts';
import { startEventRetention, type RetentionJob } from './event-retention.ts';
import { startEscalation, type EscalationJob } from './alerting/escalation-job.ts';
import { startUptimePrefixes } from './uptime-prefix-job.ts';
import { startKeptFigures } from './kept-figures-job.ts';
import type { PeriodicJob } from './periodic-job.ts';
import { smsAccount } from './alerting/alert-settings.ts';
import { httpNotifier } from './notify/notifier.ts';
import type { IngestBudget } from './ingest/ingest-budget.pure.ts';
import { loadHubTls, type HubTls, type TlsFiles } from './tls-files.ts';
import { holdPdfBrowser } from '../common/documents/render-pdf.ts';

export const DEFAULT_HUB_PORT = 8730;
/**
 * Loopback by default: a county hub normally sits behind the county's HTTPS reverse proxy on the same
 * machine, and a hub opened to the network by accident would hand out enrollment secrets in clear text.
 * With its own certificate (--tls-cert/--tls-key) it serves HTTPS and may listen where stations reach it.
 */
export const DEFAULT_HUB_HOST = '127.0.0.1';

export interface HubOptions {
  dataDir: string;
  /**
   * A PostgreSQL server's address (`postgres://USER@HOST[:PORT]/DATABASE`) to keep the hub's records in instead
   * of the SQLite file in the data directory; several hub processes may share one (issue 16).
   */
  databaseUrl?: string;
  port?: number;
  host?: string;
  now?: () => number;
  timeZone?: string;
  logLevel?: string;
  logStream?: NodeJS.WritableStream;
  /** What each station may store a day (ingest/ingest-budget.pure.ts); the default suits real stations. */
  ingestBudget?: IngestBudget;
  /** A scope of this many stations or more is served from the month's figures kept (views/kept-month-figures.ts); tests lower it. */
  keptFiguresMinStations?: number;
  /** Serve HTTPS with this certificate and key (checked before anything listens). */
  tls?: TlsFiles;
}

export interface RunningHub {
  url: string;
  /** The certificate served, when the hub speaks HTTPS itself. */
  tls: HubTls | null;
  port: number;
  host: string;
  dataDir: string;
  ctx: HubContext;
  retention: RetentionJob;
  /** Alerts told to people, once a minute (issue 17). */
  escalation: EscalationJob;
  /** Each station's month of uptime counted up to the last whole day (uptime-prefix-job.ts). */
  uptimePrefixes: PeriodicJob;
  /** A province's month of figures, read every minute (views/kept-month-figures.ts). */
  keptFigures: PeriodicJob;
  stop(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  let database: HubDatabase | undefined;
  let api: HubApi | undefined;
  // A bad certificate is refused before the data directory is locked or opened.
  const tls = options.tls ? loadHubTls(options.tls) : null;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const release = acquireInstanceLock(options.dataDir, HUB_LOCK);
  try {
    database = options.databaseUrl === undefined ? sqliteHubDatabase(openHubDatabase(options.dataDir, { check: true })) : await openPostgresHub(options.databaseUrl, hubTooNew);
    const ctx = hubContext(database, { now: options.now, timeZone: options.timeZone, ingestBudget: options.ingestBudget, keptFiguresMinStations: options.keptFiguresMinStations });
    api = await buildHubApi(ctx, { logLevel: options.logLevel, logStream: options.logStream, https: tls ? { cert: tls.cert, key: tls.key } : undefined });
    const host = options.host ?? DEFAULT_HUB_HOST;
    await api.listen({ host, port: options.port ?? DEFAULT_HUB_PORT });
    const port = (api.server.address() as AddressInfo).port;
    const retention = startEventRetention(ctx, api.log);
    const escalation = startEscalation(ctx, httpNotifier({ smsAccount: () => smsAccount(ctx.database.kysely) }), api.log);
    const uptimePrefixes = startUptimePrefixes(ctx, api.log);
    const keptFigures = startKeptFigures(ctx, api.log);
    // The exports' PDFs share one Chromium while they are asked for (common/documents/render-pdf.ts).
    const letPdfBrowserGo = holdPdfBrowser();
    const server = api;
    const opened = database;
    let stopped = false;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return {
      url: `${tls ? 'https' : 'http'}://${shown}:${port}`,
      tls,
      port,
      host,
      dataDir: options.dataDir,
      ctx,
      retention,
      escalation,
      uptimePrefixes,
      keptFigures,
      async stop() {
        if (stopped) return;
        stopped = true;
        await keptFigures.stop();
        await uptimePrefixes.stop();
        await escalation.stop();
        await retention.stop();
        await server.close();
        await letPdfBrowserGo();
        await closeHubDatabase(opened);
        release();
      },
    };
  } catch (err) {
    await api?.close();
    if (database) await closeHubDatabase(database);
    release();
    throw err;
  }
}

/** Ends the query builder's connections, and closes the SQLite file when that is what it ran on. */
async function closeHubDatabase(database: HubDatabase): Promise<void> {
  await database.close();
  database.sqlite?.close();
}
