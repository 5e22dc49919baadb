// The screen of a kiosk this process did not launch (`yuanjiao kiosk`, the station package's own unit): its
// launcher alone holds the Chromium's DevTools pipe, so the agent asks and the launcher answers. The agent
// names a wanted capture (GET /api/kiosk/capture, which the launcher polls), the launcher captures over its
// pipe and sends the JPEG back (PUT /api/kiosk/capture/:id). No answer within the deadline: the capture fails.
import { randomUUID } from 'node:crypto';
import { fits, jpegSize } from './jpeg-fit.pure.ts';
import type { ProofPicture, ScreenCapturer } from './screen-capturer.ts';

interface Wanted {
  id: string;
  resolve(picture: ProofPicture): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class KioskRelay implements ScreenCapturer {
  private readonly wanted = new Map<string, Wanted>();
  /** Remote help's restarts of the kiosk browser (agent/remote-help/) waiting for the launcher to take them on. */
  private readonly restarts = new Map<string, { resolve(): void; timer: NodeJS.Timeout }>();

  constructor(private readonly deadlineMs = 20_000) {}

  capture(): Promise<ProofPicture> {
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        this.wanted.delete(id);
        reject(new Error('信息终端未送回截图（未开启或为旧版本）/ the kiosk sent no screenshot (not running, or an older version)'));
      }, this.deadlineMs);
      timer.unref();
      this.wanted.set(id, { id, resolve, reject, timer });
    });
  }

  /**
   * Asks the launcher to close and reopen its browser (remote help); resolves once it took the restart on, rejects
   * when no launcher asked within the deadline (none running, an older version, or the Electron shell).
   */
  restart(): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        this.restarts.delete(id);
        reject(new Error('信息终端未响应重启（未开启或为旧版本）/ the kiosk launcher did not take the restart (not running, or an older version)'));
      }, this.deadlineMs);
      timer.unref();
      this.restarts.set(id, { resolve, timer });
    });
  }

  /** The restart waiting for the launcher, if any. */
  nextRestart(): string | null {
    return this.restarts.keys().next().value ?? null;
  }

  /** The launcher took the restart on; false for an id nobody waits for. */
  restartTaken(id: string): boolean {
    const waiting = this.restarts.get(id);
    if (!waiting) return false;
    this.restarts.delete(id);
    clearTimeout(waiting.timer);
    waiting.resolve();
    return true;
  }

  /** The oldest capture waiting for the launcher, if any. */
  next(): string | null {
    return this.wanted.keys().next().value ?? null;
  }

  /** The agent is stopping: every wait ends now, unanswered. */
  close(): void {
    for (const waiting of this.wanted.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('代理正在停止 / the agent is stopping'));
    }
    this.wanted.clear();
    for (const waiting of this.restarts.values()) clearTimeout(waiting.timer);
    this.restarts.clear();
  }

  /** The launcher's answer; false (nothing changes) for an id nobody waits for or bytes that are no fitting JPEG. */
  deliver(id: string, jpeg: Buffer): boolean {
    const waiting = this.wanted.get(id);
    const size = jpegSize(jpeg);
    if (!waiting || !size || !fits(jpeg)) return false;
    this.wanted.delete(id);
    clearTimeout(waiting.timer);
    waiting.resolve({ jpeg, ...size });
    return true;
  }
}
