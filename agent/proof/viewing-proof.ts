// Proof of viewing (收看留证): during every group viewing, the screen at its start, middle and end, and one
// photo of the room where a camera is attached and the administrator turned it on (proof-settings.ts). The
// pictures are kept and sent through proof-store.ts. A picture that cannot be taken is logged once per
// viewing and source and is simply missing: nothing here can stop or delay the viewing.
import type { Db } from '../store/database.ts';
import type { StationEvents } from '../events.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import type { ProofMoment } from '../../protocol/event-bodies.pure.ts';
import { ProofStore } from './proof-store.ts';
import { plannedShots } from './proof-timing.pure.ts';
import { KioskRelay } from './kiosk-relay.ts';
import { readProofSettings } from './proof-settings.ts';
import type { ProofPicture, RoomCamera, ScreenCapturer } from './screen-capturer.ts';

export interface ViewingProofDeps {
  db: Db;
  events: StationEvents;
  now: () => number;
  /** The kiosk's screen; else asked of `yuanjiao kiosk` through the relay, until useScreen gives a browser of ours. */
  screen?: ScreenCapturer | null;
  /** The room camera for the configured device; null when none is set up on this machine. */
  camera: (device: string) => RoomCamera | null;
  /** How long a capture asked of `yuanjiao kiosk` may take (20 s; tests shorten it). */
  relayDeadlineMs?: number;
}

const PRUNE_EVERY_MS = 6 * 3_600_000;

interface Viewing {
  timers: NodeJS.Timeout[];
  /** Sources whose failure was already logged for this viewing. */
  failed: Set<'screen' | 'camera'>;
}

export class ViewingProof {
  private readonly viewings = new Map<number, Viewing>();
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private screen: ScreenCapturer;
  private pruning: NodeJS.Timeout | null = null;
  private stopping = false;

  /** The kiosk another process launched (`yuanjiao kiosk`) answers through this (kiosk-relay.ts). */
  readonly relay: KioskRelay;

  constructor(private readonly deps: ViewingProofDeps) {
    this.relay = new KioskRelay(deps.relayDeadlineMs);
    this.screen = deps.screen ?? this.relay;
  }

  /** The kiosk browser this process launched (cli/commands/start.ts); null: back to asking through the relay. */
  useScreen(screen: ScreenCapturer | null): void {
    this.screen = screen ?? this.relay;
  }

  /** What the kiosk's screen shows now, through the same screen the viewing's pictures use (remote help's screenshot). */
  captureScreen(): Promise<ProofPicture> {
    return this.screen.capture();
  }

  start(): void {
    // A viewing already playing when the agent (re)starts gets the pictures it still lacks, on its own plan.
    for (const session of new SessionStore(this.deps.db).live(this.deps.now())) {
      if (session.status === 'playing') this.began(session.id);
    }
    this.prune();
    this.pruning = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruning.unref();
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.type === 'program_starting') this.began(event.sessionId);
      else if (event.type === 'playback_state' && event.sessionId !== null && event.state !== 'playing') this.ended(event.sessionId);
    });
  }

  /** Stops listening and cancels what is planned; waits for a picture being taken. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    if (this.pruning) clearInterval(this.pruning);
    for (const viewing of this.viewings.values()) viewing.timers.forEach(clearTimeout);
    this.viewings.clear();
    // A capture asked of the kiosk launcher is not waited for: stopping must not take its 20 s.
    this.relay.close();
    await Promise.allSettled([...this.inFlight]);
  }

  private began(sessionId: number): void {
    const session = new SessionStore(this.deps.db).get(sessionId);
    if (!session || session.kind !== 'group_viewing' || this.viewings.has(sessionId)) return;
    const settings = readProofSettings(this.deps.db);
    const viewing: Viewing = { timers: [], failed: new Set() };
    this.viewings.set(sessionId, viewing);
    // Counted from when the showing started (a restarted agent: some of the plan has passed; what is missing is taken now).
    const elapsed = session.startedAt === null ? 0 : Math.max(0, this.deps.now() - session.startedAt);
    const taken = new Set(new ProofStore(this.deps.db).forSession(sessionId).map((p) => p.moment));
    for (const shot of plannedShots(session.courseDurationMs, settings.roomCamera)) {
      if (taken.has(shot.moment)) continue;
      viewing.timers.push(setTimeout(() => this.take(sessionId, shot.moment), Math.max(0, shot.afterMs - elapsed)));
    }
  }

  /** The showing ended or was stopped: the end picture now, unless taken already; nothing more is planned. */
  private ended(sessionId: number): void {
    const viewing = this.viewings.get(sessionId);
    if (!viewing) return;
    viewing.timers.forEach(clearTimeout);
    this.take(sessionId, 'end');
    this.viewings.delete(sessionId);
  }

  private take(sessionId: number, moment: ProofMoment): void {
    const failed = this.viewings.get(sessionId)?.failed ?? new Set<'screen' | 'camera'>();
    const work = this.takeNow(sessionId, moment, failed).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async takeNow(sessionId: number, moment: ProofMoment, failed: Set<'screen' | 'camera'>): Promise<void> {
    const source = moment === 'room' ? 'camera' : 'screen';
    const store = new ProofStore(this.deps.db);
    if (store.forSession(sessionId).some((p) => p.moment === moment)) return;
    let picture: ProofPicture;
    try {
      picture = await this.shoot(source);
    } catch (err) {
      if (this.stopping || failed.has(source)) return;
      failed.add(source);
      this.log(sessionId, source, err);
      return;
    }
    try {
      store.record(sessionId, moment, picture, this.deps.now());
    } catch (err) {
      // A full disk or a database being closed at shutdown: the picture is lost, the viewing is not.
      process.emitWarning(`proof of viewing: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async shoot(source: 'screen' | 'camera'): Promise<ProofPicture> {
    if (source === 'screen') {
      return this.screen.capture();
    }
    const settings = readProofSettings(this.deps.db);
    const camera = settings.roomCamera ? this.deps.camera(settings.cameraDevice) : null;
    if (!camera) throw new Error('摄像头未开启或不可用 / the room camera is off or missing');
    return camera.photograph();
  }

  /** The station keeps its pictures 90 days (proof-store.ts); the hub keeps its copies a year. */
  private prune(): void {
    try {
      new ProofStore(this.deps.db).prune(this.deps.now());
    } catch (err) {
      process.emitWarning(`proof of viewing: pruning: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private log(sessionId: number, source: 'screen' | 'camera', err: unknown): void {
    const why = err instanceof Error ? err.message : String(err);
    try {
      appendStationLog(this.deps.db, {
        type: 'session',
        actor: 'system',
        at: this.deps.now(),
        message: source === 'screen' ? `收看留证：未能截取屏幕（${why}）` : `收看留证：未能拍摄现场照片（${why}）`,
        detail: { sessionId, source },
      });
    } catch {
      process.emitWarning(`proof of viewing: ${why}`);
    }
  }
}
