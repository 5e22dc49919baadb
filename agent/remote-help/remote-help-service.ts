// Carries out the remote-help commands the downlink brought (remote-help-store.ts queued them): one at a time,
// oldest first, each ending in a `remote_help_result` for the county. A screenshot reuses proof of viewing's
// capture path (the kiosk's Chromium over its DevTools pipe, or `yuanjiao kiosk` through the relay); a kiosk
// restart is asked of the launcher that holds the browser (proof/kiosk-relay.ts); the diagnostic bundle is
// built here (diagnostics.ts).
import type { Db } from '../store/database.ts';
import type { ProofPicture } from '../proof/screen-capturer.ts';
import { finish, hubNow, interruptRunning, takeNext, type QueuedCommand } from './remote-help-store.ts';
import { diagnosticBundle } from './diagnostics.ts';
import type { RemoteHelpResultBody } from '../../protocol/remote-help.pure.ts';

export interface RemoteHelpDeps {
  db: Db;
  now: () => number;
  /** The kiosk's screen as proof of viewing takes it now. */
  capture: () => Promise<ProofPicture>;
  /** Asks whoever holds the kiosk browser to restart it; resolves once they took it on. */
  restartKiosk: () => Promise<void>;
  /** A result was queued: send it soon (the uplink's flush). */
  onResult?: () => void;
}

type Outcome = Pick<RemoteHelpResultBody, 'outcome' | 'code' | 'params' | 'screenshot' | 'diagnostics'>;

export class RemoteHelpService {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: RemoteHelpDeps) {}

  /** At start: what a stop cut off fails `interrupted`; what is still queued is carried out. */
  start(): void {
    this.stopped = false;
    if (interruptRunning(this.deps.db, this.deps.now()) > 0) this.deps.onResult?.();
    this.wake();
  }

  /** New commands were queued (a downlink applied): carry them out, after any one running now. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Waits for the command being carried out; nothing new starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Resolves when nothing is queued or running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = takeNext(this.deps.db); next !== null && !this.stopped; next = takeNext(this.deps.db)) {
      let outcome: Outcome;
      try {
        outcome = await this.carryOut(next);
      } catch (err) {
        process.emitWarning(`remote help: ${err instanceof Error ? err.message : String(err)}`);
        outcome = { outcome: 'failed', code: next.kind === 'diagnostics' ? 'diagnostics_failed' : 'capture_failed', params: { reason: String(err).slice(0, 300) } };
      }
      try {
        finish(this.deps.db, next, this.deps.now(), outcome);
        this.deps.onResult?.();
      } catch (err) {
        // A full disk: the command stays `running` and fails `interrupted` at the next start, never runs twice.
        process.emitWarning(`remote help: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async carryOut(command: QueuedCommand): Promise<Outcome> {
    // Queued while the agent was stopped, or behind a slow one: its deadline still holds.
    const hubTime = hubNow(this.deps.db, this.deps.now());
    if (hubTime !== null && hubTime > command.expiresAt) return { outcome: 'refused', code: 'expired', params: {} };
    switch (command.kind) {
      case 'screenshot': {
        const picture = await this.deps.capture().catch((err: unknown) => err as Error);
        if (picture instanceof Error) return { outcome: 'failed', code: 'capture_failed', params: { reason: picture.message.slice(0, 300) } };
        return { outcome: 'done', code: null, params: {}, screenshot: { width: picture.width, height: picture.height, jpegBase64: picture.jpeg.toString('base64') } };
      }
      case 'restart_kiosk': {
        const asked = await this.deps.restartKiosk().catch((err: unknown) => err as Error);
        if (asked instanceof Error) return { outcome: 'failed', code: 'kiosk_not_running', params: { reason: asked.message.slice(0, 300) } };
        return { outcome: 'done', code: null, params: {} };
      }
      case 'diagnostics': {
        const bundle = diagnosticBundle(this.deps.db, this.deps.now());
        return { outcome: 'done', code: null, params: { logLines: bundle.logLines }, diagnostics: { bytes: bundle.bytes, gzipBase64: bundle.gzip.toString('base64') } };
      }
    }
  }
}
