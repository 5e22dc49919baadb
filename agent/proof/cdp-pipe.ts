// A Chrome DevTools Protocol client over the pipe a Chromium started with `--remote-debugging-pipe` opens on
// its file descriptors 3 (it reads) and 4 (it writes): JSON messages, each ended by a NUL byte.
//
// Decision (docs/proof-of-viewing.md): the pipe, not `--remote-debugging-port`. A debugging port —
// even on 127.0.0.1, even a random one — lets every process and user on the machine drive the kiosk browser
// (read the admin's session, open any page); the pipe exists only between Chromium and the process that
// spawned it, so only the station's own code can ask it for anything.
import type { Readable, Writable } from 'node:stream';

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class CdpError extends Error {}

export class CdpPipe {
  private nextId = 1;
  private buffered = '';
  private closed: Error | null = null;
  private readonly pending = new Map<number, Pending>();

  /** toBrowser: the child's fd 3; fromBrowser: its fd 4. */
  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
    private readonly timeoutMs = 15_000,
  ) {
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.read(chunk));
    const gone = (): void => this.fail(new CdpError('Chromium 的调试管道已关闭 / the DevTools pipe closed'));
    fromBrowser.on('close', gone);
    fromBrowser.on('error', gone);
    toBrowser.on('error', gone);
  }

  get isOpen(): boolean {
    return this.closed === null;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CdpError(`${method}: Chromium 未在 ${this.timeoutMs} ms 内答复 / no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const text = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      let message: { id?: number; result?: Record<string, unknown>; error?: { message?: string } };
      try {
        message = JSON.parse(text) as typeof message;
      } catch {
        continue; // not ours to answer: Chromium never sends half a message, so skip what cannot be read
      }
      if (typeof message.id !== 'number') continue; // an event; nothing here subscribes to any
      const waiting = this.pending.get(message.id);
      if (!waiting) continue;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new CdpError(message.error.message ?? 'DevTools error'));
      else waiting.resolve(message.result ?? {});
    }
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.closed = err;
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
    }
    this.pending.clear();
  }
}
