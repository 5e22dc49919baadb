// The player shell: one video.js player for one course, with the engine (hls.js for streams, the element itself
// for files), recovery, stall watchdog, played-time meter and reporter wired together around the bus.
// The decisions live in the pure modules beside it; this file carries them out on real media. The player
// element is made in player-element.ts, sound under the autoplay policy is autoplay-sound.ts's, and what the
// player shows of itself is player-stats.ts.
import Hls from 'hls.js';
import type { VjsPlayer } from './videojs.ts';
import type { PlaybackBus, PlayerPhase } from './playback-bus.ts';
import { classifyHlsError, classifyMediaError, playbackError, RecoveryPolicy, type PlaybackError, type Recovery } from './playback-errors.pure.ts';
import { StallWatchdog, type StallReport } from './stall-watchdog.pure.ts';
import { PlayedMeter } from './played-meter.pure.ts';
import { PlaybackReporter, type Position, type ReportTransport } from './playback-reporter.ts';
import { registerHlsSourceHandler, type HlsEngineOptions } from './hls-source-handler.ts';
import { playableSources, type CourseMedia, type PlayableSource } from './course-sources.pure.ts';
import { volumeLevel, type PreparedPlayer } from './player-element.ts';
import { startWithSound } from './autoplay-sound.ts';
import { countFragment, initialStats, publishStats, reportDetail, type PlayerStats } from './player-stats.ts';

export interface ControllerOptions {
  host: HTMLElement;
  /** The video.js player made in the host before the course was known (prepareVideoPlayer); the controller owns it from now on. */
  prepared: PreparedPlayer;
  course: CourseMedia;
  sessionId: number | null;
  /** Played time the agent already holds for this session (a resumed showing keeps it). */
  playedMsBefore: number;
  bus: PlaybackBus;
  send: ReportTransport;
}

const TICK_MS = 1_000;

export class PlaybackController {
  readonly stats: PlayerStats;
  private readonly bus: PlaybackBus;
  private readonly player: VjsPlayer;
  private readonly video: HTMLVideoElement;
  private readonly sources: PlayableSource[];
  private readonly policy: RecoveryPolicy;
  private readonly watchdog: StallWatchdog;
  private readonly meter: PlayedMeter;
  private readonly reporter: PlaybackReporter;
  private current: PlayableSource | null = null;
  private hls: Hls | null = null;
  private pendingSeekSec: number | null = null;
  private positionSec = 0;
  private playRequestedAt: number | null = null;
  private firstFrameSeen = false;
  /** Settles once the browser has let the last play() start, with sound or muted by its autoplay policy. */
  private soundSettled: Promise<void> = Promise.resolve();
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private finished = false;
  private disposed = false;

  constructor(private readonly options: ControllerOptions) {
    registerHlsSourceHandler();
    this.bus = options.bus;
    this.sources = playableSources(options.course);
    const hasLocal = this.sources.some((s) => s.kind === 'local');
    this.policy = new RecoveryPolicy(this.sources[0]?.kind ?? 'local', hasLocal);
    this.meter = new PlayedMeter(options.playedMsBefore);
    this.watchdog = new StallWatchdog(() => Date.now(), (report) => this.onStall(report));
    this.reporter = new PlaybackReporter({ sessionId: options.sessionId, courseId: options.course.id, send: options.send, now: () => Date.now() });
    this.stats = initialStats(this.meter.playedMs);

    const engineOptions: HlsEngineOptions = {
      configure: () => (this.pendingSeekSec !== null ? { startPosition: this.pendingSeekSec } : {}),
      onEngine: (hls) => this.attachHls(hls),
    };
    options.prepared.directEngines(engineOptions);
    this.player = options.prepared.player;
    this.video = options.prepared.video;
    this.listen();
    this.publish();
  }

  /** Starts loading the first source, so the video is ready when the title card goes. */
  load(): void {
    const first = this.sources[0];
    if (!first) {
      this.fail(playbackError('no_source', 'course has neither localUrl nor streamUrl'));
      return;
    }
    this.setSource(first, 0);
  }

  /** The title card is gone: play from `startAtSec` and start reporting. */
  play(startAtSec: number): void {
    if (this.finished || this.playRequestedAt !== null) return;
    this.playRequestedAt = performance.now();
    if (startAtSec > 0) this.seekTo(startAtSec);
    // Where the showing starts on this screen (the seek may still be pending on the element).
    this.reporter.start({ positionMs: startAtSec * 1000, playedMs: this.meter.playedMs }, this.detail());
    if (this.stats.phase === 'failed') return;
    this.watchdog.arm(startAtSec);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.startPlayback();
  }

  /** OK pressed while muted by the autoplay policy: a key press is the gesture the browser waits for. */
  unmute(): void {
    this.video.muted = false;
    this.player.muted(false);
    if (this.stats.mutedByPolicy) {
      this.stats.mutedByPolicy = false;
      this.bus.emit('muted', { muted: false, byPolicy: false });
      this.publish();
    }
  }

  setVolume(volume: number): void {
    this.player.volume(volumeLevel(volume));
  }

  /**
   * The showing is over for this screen (played to the end, stopped, or its error card dismissed): the end
   * report goes to the agent, which ends the session. Resolves when the agent has it.
   */
  async finish(): Promise<void> {
    if (this.finished) return this.reporter.settled();
    this.finished = true;
    this.stopTimers();
    this.watchdog.disarm();
    if (this.stats.phase !== 'failed') this.setPhase('ended');
    this.player.pause();
    const at = this.position();
    const durationMs = this.options.course.durationMs;
    // The agent judges "held" from playedMs itself; the share goes along for the log and the county.
    const sharePlayed = durationMs !== null && durationMs > 0 ? Math.min(1, Math.round((at.playedMs / durationMs) * 1000) / 1000) : null;
    await this.reporter.end(at, { ...this.detail(), sharePlayed });
    this.bus.emit('ended', at);
  }

  /** The screen goes away; if the showing did not finish here, the agent still learns how much was played. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTimers();
    this.watchdog.disarm();
    if (!this.finished && this.playRequestedAt !== null) this.reporter.flush(this.position(), this.detail());
    this.finished = true;
    this.hls = null;
    this.player.dispose();
  }

  // ---- sources and engines ------------------------------------------------------------------------------

  private setSource(source: PlayableSource, resumeAtSec: number): void {
    this.current = source;
    this.hls = null;
    this.pendingSeekSec = resumeAtSec > 0 ? resumeAtSec : null;
    this.meter.break();
    this.stats.source = source.kind;
    this.stats.url = source.src;
    // Known when hls.js hands us its instance; a plain file is the element's own business.
    this.stats.engine = null;
    this.setPhase('loading');
    this.player.error(null);
    this.player.src({ src: source.src, type: source.type });
  }

  private attachHls(hls: Hls): void {
    const source = this.current;
    this.hls = hls;
    this.stats.engine = 'hls.js';
    if (source) this.bus.emit('source', { source: source.kind, engine: 'hls.js', url: source.src });
    hls.on(Hls.Events.FRAG_LOADED, (_event, data) => {
      if (this.hls !== hls || data.frag.type !== 'main') return;
      const stats = data.frag.stats;
      countFragment(this.stats, stats.loaded, hls.bandwidthEstimate);
      this.bus.emit('fragment', { bytes: stats.loaded, loadMs: Math.max(0, stats.loading.end - stats.loading.start), count: this.stats.fragmentsLoaded });
      this.publish();
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      // A late error from an instance already replaced (a retry or a fallback) is about nothing we play.
      if (this.hls !== hls) return;
      this.onError(classifyHlsError(data));
    });
    this.publish();
  }

  private listen(): void {
    const p = this.player;
    p.on('loadstart', () => {
      // hls.js announced itself in handleSource, before the element started loading; otherwise it is the element.
      if (this.stats.engine !== null || !this.current) return;
      this.stats.engine = 'html5';
      this.bus.emit('source', { source: this.current.kind, engine: 'html5', url: this.current.src });
      this.publish();
    });
    p.on('loadedmetadata', () => {
      if (this.pendingSeekSec === null) return;
      const at = this.pendingSeekSec;
      this.pendingSeekSec = null;
      // hls.js may have started there already (startPosition); seeking to where it is would only cost a flush.
      if (Math.abs(this.video.currentTime - at) > 0.5) this.video.currentTime = at;
    });
    p.on('playing', () => {
      if (this.finished) return;
      this.setPhase('playing');
      this.watchdog.arm(this.video.currentTime);
      if (!this.firstFrameSeen && this.playRequestedAt !== null) this.awaitFirstFrame();
    });
    p.on('timeupdate', () => this.onTime());
    p.on('ended', () => void this.finish());
    p.on('error', () => {
      const err = p.error();
      if (!err || this.finished) return;
      // With hls.js in charge the element's error is one hls.js also reports, with more to say.
      if (this.hls !== null && err.code !== 4) return;
      this.onError(classifyMediaError(err.code, err.message ?? ''));
    });
  }

  private startPlayback(): void {
    const settled = startWithSound(
      this.player,
      this.video,
      () => this.finished,
      () => {
        this.stats.mutedByPolicy = true;
        this.bus.emit('muted', { muted: true, byPolicy: true });
        this.publish();
      },
    );
    if (settled) this.soundSettled = settled;
  }

  private awaitFirstFrame(): void {
    const seen = () => {
      if (this.firstFrameSeen || this.playRequestedAt === null || this.finished) return;
      this.firstFrameSeen = true;
      const ms = performance.now() - this.playRequestedAt;
      this.stats.timeToFirstFrameMs = Math.round(ms);
      this.bus.emit('first_frame', { timeToFirstFrameMs: ms });
      this.publish();
      // The muted play the autoplay policy forces shows its first frame before we know whether sound could
      // be turned back on: the record says how the showing started once that is settled.
      const at = this.position();
      void this.soundSettled.then(() => {
        if (!this.finished) this.reporter.firstFrame(ms, at, this.detail());
      });
    };
    // The frame actually composited, where the browser can say so; 'playing' is the next best thing.
    if (typeof this.video.requestVideoFrameCallback === 'function') this.video.requestVideoFrameCallback(seen);
    else seen();
  }

  private onTime(): void {
    const v = this.video;
    if (this.pendingSeekSec !== null) return;
    const playing = !v.paused && !v.seeking && v.readyState >= 3 && this.stats.phase === 'playing';
    const added = this.meter.sample(v.currentTime, Date.now(), playing);
    if (added > 0) this.policy.played(added);
    if (playing) this.positionSec = v.currentTime;
    this.stats.playedMs = this.meter.playedMs;
    this.stats.positionSec = v.currentTime;
  }

  private tick(): void {
    if (this.finished) return;
    this.watchdog.check(this.video.currentTime);
    this.reporter.tick(this.position(), () => this.detail());
    this.publish();
  }

  // ---- errors and recovery ------------------------------------------------------------------------------

  private onStall(report: StallReport): void {
    this.stats.stalls += 1;
    this.bus.emit('stall', report);
    this.reporter.stall(report.stalledMs, this.position(), this.detail());
    this.onError(playbackError('stall', `no progress for ${Math.round(report.stalledMs / 1000)} s at ${report.positionSec.toFixed(1)} s`), report.consecutive);
  }

  private onError(error: PlaybackError, consecutiveStalls = 0): void {
    this.stats.errors.push(error.code);
    if (this.finished || this.stats.phase === 'failed') return;
    // While a retry waits out its back-off, further errors from the failed attempt change nothing.
    if (error.fatal && this.recoveryTimer !== null) return;
    const recovery = this.policy.decide(error, consecutiveStalls);
    this.bus.emit('error', { error, recovery });
    if (!error.fatal) {
      this.publish();
      return;
    }
    this.reporter.error(error, recovery, this.position(), this.detail());
    this.recover(error, recovery);
    this.publish();
  }

  private recover(error: PlaybackError, recovery: Recovery): void {
    const source = this.current;
    switch (recovery.action) {
      case 'none':
        return;
      case 'retry':
        this.stats.retries += 1;
        this.setPhase('recovering');
        this.watchdog.disarm();
        this.recoveryTimer = setTimeout(() => {
          this.recoveryTimer = null;
          if (this.finished || !source) return;
          this.reload(source);
        }, recovery.delayMs);
        return;
      case 'recover_media':
        this.setPhase('recovering');
        if (error.code === 'media' && this.hls) {
          this.hls.recoverMediaError();
          this.watchdog.arm(this.video.currentTime);
        } else if (source) {
          // A stall, or a plain file that failed to decode: load it again where the room was.
          this.reload(source);
        }
        return;
      case 'fallback_local': {
        const local = this.sources.find((s) => s.kind === 'local');
        if (!local) {
          this.fail(error);
          return;
        }
        this.stats.fallbacks += 1;
        this.policy.switchedTo('local');
        this.setSource(local, this.positionSec);
        this.rearmAndPlay();
        return;
      }
      case 'give_up':
        this.fail(error);
        return;
    }
  }

  private reload(source: PlayableSource): void {
    this.setSource(source, this.positionSec);
    this.rearmAndPlay();
  }

  private rearmAndPlay(): void {
    if (this.playRequestedAt === null) return;
    this.watchdog.arm(this.positionSec);
    this.startPlayback();
  }

  private fail(error: PlaybackError): void {
    if (this.stats.phase === 'failed') return;
    this.stopTimers();
    this.watchdog.disarm();
    this.hls?.stopLoad();
    this.player.pause();
    this.setPhase('failed');
    // No error event reached the bus for an error found before any engine ran (no source at all).
    if (error.code === 'no_source' || error.code === 'course_unavailable') {
      this.stats.errors.push(error.code);
      this.bus.emit('error', { error, recovery: { action: 'give_up' } });
      this.reporter.error(error, { action: 'give_up' }, this.position(), this.detail());
    }
    // Failed behind the title card: the showing did start here, and the log must have the error now, not
    // when someone dismisses the card.
    this.reporter.start(this.position(), this.detail());
  }

  // ---- bookkeeping --------------------------------------------------------------------------------------

  private seekTo(sec: number): void {
    this.positionSec = sec;
    if (this.video.readyState >= 1) this.video.currentTime = sec;
    else this.pendingSeekSec = sec;
  }

  private setPhase(phase: PlayerPhase): void {
    if (this.stats.phase === phase) return;
    this.stats.phase = phase;
    this.bus.emit('phase', { phase });
    this.publish();
  }

  private stopTimers(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.ticker = null;
    this.recoveryTimer = null;
  }

  private position(): Position {
    return { positionMs: this.video.currentTime * 1000, playedMs: this.meter.playedMs };
  }

  private detail(): Record<string, unknown> {
    return reportDetail(this.stats);
  }

  private publish(): void {
    publishStats(this.stats, this.options.host);
  }
}
