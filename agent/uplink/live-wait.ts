// The station's open line to its hub (issue 17, go live): while enrolled it keeps one GET /api/v1/wait open, which
// the hub answers as soon as this station's downlink changes (a live broadcast, a notice) or after ~50 s. A new
// downlink is applied at once, exactly as one riding a report's answer is. When the hub cannot be reached the line
// waits and tries again (5 s doubling to 5 min); meanwhile the station's ordinary reports still bring its downlink.
import type { Db } from '../store/database.ts';
import { readSetting } from '../settings/settings-store.ts';
import { signedHeaders, verifyReply } from '../../protocol/signing.pure.ts';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, MAX_WAIT_SECONDS, WAIT_PATH, WaitReplySchema } from '../../protocol/wire.pure.ts';
import { applyDownlink, type DownlinkResult } from './downlink.ts';
import { checkHubUrl } from './hub-address.ts';
import { hubRequest } from './hub-transport.ts';
import { DOWNLINK_VERSION_SETTING, HUB_SKEW_SETTING, readUplinkConfig } from './uplink-settings.ts';

const compileCheck = async () => (await import('typebox/compile')).Compile(WaitReplySchema);
let replyCheck: ReturnType<typeof compileCheck> | undefined;

export interface LiveWaitOptions {
  /** Seconds the hub may hold each request (at most MAX_WAIT_SECONDS). */
  waitSeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** While not enrolled, look again this often. */
  idleMs: number;
}

export const DEFAULT_LIVE_WAIT_OPTIONS: LiveWaitOptions = { waitSeconds: MAX_WAIT_SECONDS, retryBaseMs: 5_000, retryMaxMs: 5 * 60_000, idleMs: 60_000 };

export type WaitOutcome = 'applied' | 'unchanged' | 'not_enrolled' | 'failed';

/** One wait: ask, and apply what comes back. */
export async function waitOnce(db: Db, deps: { now: () => number; waitSeconds: number; signal?: AbortSignal; onDownlink?: (r: DownlinkResult) => void }): Promise<WaitOutcome> {
  const config = readUplinkConfig(db);
  if (!config) return 'not_enrolled';
  try {
    checkHubUrl(config.hubUrl, { insecureHttp: config.insecureHttp });
  } catch {
    return 'not_enrolled';
  }
  const since = readSetting<string | null>(db, DOWNLINK_VERSION_SETTING) ?? '';
  const path = `${WAIT_PATH}?since=${encodeURIComponent(since)}&wait=${deps.waitSeconds}`;
  const timestamp = deps.now() + (readSetting<number>(db, HUB_SKEW_SETTING) ?? 0);
  const headers = signedHeaders(config.stationId, config.secret, timestamp, path);
  const timeout = AbortSignal.timeout((deps.waitSeconds + 15) * 1000);
  const answer = await hubRequest(`${config.hubUrl}${path}`, { method: 'GET', headers, signal: deps.signal ? AbortSignal.any([timeout, deps.signal]) : timeout, ca: config.ca });
  if (!answer.ok) return 'failed';
  if (!verifyReply(config.secret, answer.header(HEADER_TIMESTAMP), headers[HEADER_SIGNATURE]!, answer.text, answer.header(HEADER_SIGNATURE))) return 'failed';
  const body: unknown = JSON.parse(answer.text);
  if (!(await (replyCheck ??= compileCheck())).Check(body)) return 'failed';
  if (body.downlink === null) return 'unchanged';
  const result = applyDownlink(db, body.downlink, deps.now());
  if (result.applied) deps.onDownlink?.(result);
  return 'applied';
}

/** The loop: one wait after another while running, backing off while the hub cannot be reached. */
export class LiveWait {
  private running = false;
  private abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private readonly options: LiveWaitOptions;

  constructor(
    private readonly deps: { db: Db; now: () => number; onDownlink?: (r: DownlinkResult) => void; options?: Partial<LiveWaitOptions> },
  ) {
    this.options = { ...DEFAULT_LIVE_WAIT_OPTIONS, ...deps.options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let outcome: WaitOutcome;
      try {
        outcome = await waitOnce(this.deps.db, { now: this.deps.now, waitSeconds: this.options.waitSeconds, signal: this.abort.signal, onDownlink: this.deps.onDownlink });
      } catch {
        outcome = 'failed';
      }
      if (!this.running) return;
      failures = outcome === 'failed' ? failures + 1 : 0;
      if (outcome === 'not_enrolled') await this.pause(this.options.idleMs);
      else if (failures > 0) await this.pause(Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** Math.min(20, failures - 1)));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
