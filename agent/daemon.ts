// The station agent as one running process: database, scheduler, alerts, API and event stream.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { isDiskFull, openStationDatabase, type Db } from './store/database.ts';
import { StationEvents } from './events.ts';
import { AlertCenter } from './alerts/alert-center.ts';
import { Scheduler } from './schedule/scheduler.ts';
import { closeOverdueSurveys } from './satisfaction/survey.ts';
import { AdminAuth } from './admin/admin-auth.ts';
import { buildApi, type Api } from './api/server.ts';
import { appendStationLog } from './stationlog/station-log.ts';
import { seedDemo, type DemoSummary } from './demo/seed-demo.ts';
import { acquireInstanceLock } from '../common/instance-lock.ts';
import type { AgentContext } from './agent-context.ts';
import { LibraryService } from './library/library-service.ts';
import { LibraryImports } from './library/import-jobs.ts';
import { SystemRemovableMedia, type RemovableMedia } from '../content/usb-volumes.ts';
import { NodeUsbDeviceEvents } from '../content/usb-devices.ts';
import { HealthService } from './health/health-service.ts';
import type { Sampler } from './health/sampler.ts';
import { UplinkService, type UplinkOptions } from './uplink/uplink-service.ts';
import type { LiveWaitOptions } from './uplink/live-wait.ts';
import { DEFAULT_PORT } from './agent-port.ts';
import { WeeklyDuty } from './weekly-report/weekly-duty.ts';
import { ViewingProof } from './proof/viewing-proof.ts';
import { FfmpegRoomCamera, v4l2Input } from './proof/ffmpeg-room-camera.ts';
import type { RoomCamera, ScreenCapturer } from './proof/screen-capturer.ts';
import { RemoteHelpService } from './remote-help/remote-help-service.ts';
import { holdPdfBrowser } from '../common/documents/render-pdf.ts';

export { DEFAULT_PORT };
/** How often to look for commits by another process (the CLI) so the screen and schedule follow them. */
const DATA_VERSION_POLL_MS = 1_000;

export interface DaemonOptions {
  dataDir: string;
  port?: number;
  demo?: boolean;
  now?: () => number;
  logLevel?: string;
  /** Where USB sticks are found: the system's mount table unless given (tests present a folder as a stick). */
  removableMedia?: RemovableMedia;
  /**
   * A clock that neither jumps nor runs while the machine sleeps, against which the scheduler sees the wall
   * clock jump: performance.now, unless `now` is given — then `now` itself, since a test's clock moves both.
   */
  monotonic?: () => number;
  /** Uplink timing and clocks (tests shorten the back-off); the defaults otherwise. */
  uplink?: Partial<UplinkOptions>;
  /** The open line to the hub for live broadcasts; `false` keeps it closed (a test of what the reports alone bring). */
  liveWait?: Partial<LiveWaitOptions> | false;
  /**
   * Called once the agent listens — its database open, the schedule caught up, every route in — before its
   * background work starts: the CLI says where the agent answers here, since the kiosk may ask from now on.
   */
  onListening?: (agent: ListeningAgent) => void;
  /** How health is sampled: the machine's own probes unless given (tests hold a probe out to see nothing waits for it). */
  healthSampler?: Sampler;
  /** Proof of viewing's screen (tests give one); else the kiosk browser cli/ launches hands it over (ctx.proof.useScreen). */
  screenCapturer?: ScreenCapturer;
  /** The room camera for a device (tests feed ffmpeg's test source); else ffmpeg on the V4L2 device, if it exists. */
  roomCamera?: (device: string) => RoomCamera | null;
}

/** The agent as it answers: what onListening is told. */
export interface ListeningAgent {
  url: string;
  port: number;
  ctx: AgentContext;
  demo: DemoSummary | null;
}

export interface RunningAgent extends ListeningAgent {
  stop(): Promise<void>;
}

export async function startDaemon(options: DaemonOptions): Promise<RunningAgent> {
  const now = options.now ?? Date.now;
  const release = acquireInstanceLock(ensureDir(options.dataDir));
  let db: Db | undefined;
  let api: Api | undefined;
  let library: LibraryService | undefined;
  let imports: LibraryImports | undefined;
  let health: HealthService | undefined;
  let uplink: UplinkService | undefined;
  let proof: ViewingProof | undefined;
  let remoteHelp: RemoteHelpService | undefined;
  try {
    db = openStationDatabase(options.dataDir, { check: true });
    const demo = options.demo ? await seedDemo(db, options.dataDir, now()) : null;
    const events = new StationEvents();
    const alerts = new AlertCenter(db, events);
    const auth = new AdminAuth(db);
    auth.ensureInitialized(now());
    const monotonic = options.monotonic ?? (options.now ? options.now : () => performance.now());
    const scheduler = new Scheduler({ db, events, alerts, now, monotonic });
    library = new LibraryService({
      db,
      dataDir: options.dataDir,
      now,
      alerts,
      onChange: () => events.emit({ type: 'data_changed' }),
      onProgress: (p) => events.emit({ type: 'library_progress', courseId: p.courseId, share: p.share, paused: p.paused }),
      onError: (err, what) => process.emitWarning(`courseware library: ${what}: ${err instanceof Error ? err.message : String(err)}`),
    });
    health = new HealthService({ db, dataDir: options.dataDir, alerts, now, sampler: options.healthSampler, onError: (err, what) => process.emitWarning(`health: ${what}: ${err instanceof Error ? err.message : String(err)}`) });
    imports = new LibraryImports({
      db,
      dataDir: options.dataDir,
      now,
      events,
      library,
      media: options.removableMedia ?? new SystemRemovableMedia(),
      devices: new NodeUsbDeviceEvents(),
      onError: (err, what) => process.emitWarning(`courseware imports: ${what}: ${err instanceof Error ? err.message : String(err)}`),
    });
    uplink = new UplinkService({ db, events, alerts, scheduler, now, options: options.uplink, liveWait: options.liveWait, onRemoteHelp: () => remoteHelp?.wake() });
    proof = new ViewingProof({
      db,
      events,
      now,
      screen: options.screenCapturer ?? null,
      camera: options.roomCamera ?? ((device) => (fs.existsSync(device) ? new FfmpegRoomCamera(v4l2Input(device)) : null)),
    });
    const proving = proof;
    const reporting = uplink;
    // Remote help (issue 17): a screenshot through proof of viewing's screen, a restart through the kiosk relay.
    remoteHelp = new RemoteHelpService({
      db,
      now,
      capture: () => proving.captureScreen(),
      restartKiosk: () => proving.relay.restart(),
      onResult: () => void reporting.flush().catch(() => undefined),
    });
    const ctx: AgentContext = { db, dataDir: options.dataDir, events, alerts, scheduler, auth, library, imports, health, uplink, proof, remoteHelp, now };
    appendStationLog(db, { type: 'station', actor: 'system', at: now(), message: '远教代理启动', detail: { pid: process.pid } });
    // The schedule catches up before the first answer, so the screen's first look at the room is right.
    scheduler.start();
    api = await buildApi(ctx, { logLevel: options.logLevel });
    await api.listen({ host: '127.0.0.1', port: options.port ?? DEFAULT_PORT });
    const port = (api.server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/`;
    options.onListening?.({ url, port, ctx, demo });
    // Background work starts once the screen can be served: the library's queue, USB, health, the uplink.
    // startDaemon resolves once it has started; the kiosk, which asks /api/health, need not wait for it.
    await library.start();
    await imports.start();
    health.start();
    uplink.start();
    proof.start();
    remoteHelp.start();
    // The weekly report (每周一报): a week not yet composed is composed now (the catch-up), then every minute.
    const weekly = new WeeklyDuty(db, now, () => events.emit({ type: 'data_changed' }));
    weekly.start();

    const database = db;
    let seen = database.pragma('data_version', { simple: true }) as number;
    const poll = setInterval(() => {
      scheduler.watchClock();
      try {
        // A satisfaction survey left open by a screen that went away closes at its deadline (agent/satisfaction/).
        closeOverdueSurveys(database, now());
        const version = database.pragma('data_version', { simple: true }) as number;
        if (version === seen) return;
        seen = version;
        scheduler.reconcile();
        scheduler.replan();
        events.emit({ type: 'data_changed' });
      } catch (err) {
        // A busy or full disk must not take the daemon down from a timer; the next poll tries again.
        process.emitWarning(`data poll: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, DATA_VERSION_POLL_MS);

    // The export screen's PDFs share one Chromium while it is in use (common/documents/render-pdf.ts).
    const letPdfBrowserGo = holdPdfBrowser();
    const server = api;
    const service = library;
    const importing = imports;
    const sampling = health;
    const helping = remoteHelp;
    let stopped = false;
    return {
      url,
      port,
      ctx,
      demo,
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(poll);
        weekly.stop();
        await helping.stop();
        await proving.stop();
        await reporting.stop();
        await sampling.stop();
        await importing.stop();
        await service.stop();
        await scheduler.stop();
        await server.close();
        await letPdfBrowserGo();
        try {
          appendStationLog(database, { type: 'station', actor: 'system', at: now(), message: '远教代理停止' });
        } catch (err) {
          // On a full disk the stop line is the one thing lost; the database must still be closed and the
          // lock released, or the next start has to take over a stale lock (found by the disk-full drill).
          if (!isDiskFull(err)) throw err;
          process.emitWarning('磁盘已满，未能记录“远教代理停止” / disk full: the stop was not logged');
        } finally {
          database.close();
          release();
        }
      },
    };
  } catch (err) {
    await api?.close();
    await imports?.stop();
    await library?.stop();
    await health?.stop();
    await uplink?.stop();
    await proof?.stop();
    await remoteHelp?.stop();
    db?.close();
    release();
    throw err;
  }
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
