// Health sampling inside the running agent: every minute it asks the sampler for the machine's figures, adds the kiosk's presence, stores the sample, raises or clears health alerts, rolls finished
// 15-minute buckets up into 'health' outbox events and prunes what aged out.
import type { Db } from '../store/database.ts';
import type { AlertCenter, Alert } from '../alerts/alert-center.ts';
import { readSetting, readStationSettings } from '../settings/settings-store.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { HUB_SKEW_SETTING } from '../schedule/scheduler.ts';
import { HUB_CA_SETTING } from '../uplink/uplink-settings.ts';
import type { HealthSample, KioskHeartbeat, KioskPresence, MachineSample } from './health-sample.ts';
import { InProcessSampler, type Sampler } from './sampler.ts';
import { HealthStore } from './health-store.ts';
import { KioskPresenceTracker } from './kiosk-presence.ts';
import { DEFAULT_THRESHOLDS, HEALTH_ALERT_CODES, decideHealthAlerts, type HealthAlertCode, type HealthObservation, type HealthThresholds } from './health-alerts.pure.ts';
import { AGGREGATE_BUCKET_MS, SAMPLE_RETENTION_MS, bucketStartOf, downsample, type HealthAggregate } from './downsampling.pure.ts';

export const SAMPLE_INTERVAL_MS = 60_000;
/** Each probe's limit, and the hub check's. */
const CALL_TIMEOUT_MS = 10_000;
const HUB_TIMEOUT_MS = 5_000;

export interface HealthServiceOptions {
  db: Db;
  dataDir: string;
  alerts: AlertCenter;
  now: () => number;
  /** The real one by default; tests wrap it to add what this machine lacks (a temperature sensor). */
  sampler?: Sampler;
  intervalMs?: number;
  thresholds?: Partial<HealthThresholds>;
  /** A monotonic clock for the kiosk's silence (tests move it on instead of waiting 90 s). */
  monotonicNow?: () => number;
  onError?: (error: unknown, what: string) => void;
}

export interface HubStatus {
  configured: boolean;
  url: string | null;
  reachable: boolean | null;
  lastCheckedAt: number | null;
  failingSince: number | null;
  skewMs: number | null;
}

/** What GET /api/admin/device shows of health: now, the last 48 hours, and the health alerts standing. */
export interface HealthOverview {
  intervalMs: number;
  latest: HealthSample | null;
  /** The last 48 hours in 15-minute min/avg/max points, oldest first. */
  series: HealthAggregate[];
  kiosk: KioskPresence;
  hub: HubStatus;
  alerts: Alert[];
}

export class HealthService {
  readonly store: HealthStore;
  private readonly sampler: Sampler;
  private readonly kiosk: KioskPresenceTracker;
  private readonly thresholds: HealthThresholds;
  /** The health alerts this service raised and has not cleared: its own hysteresis memory. */
  private readonly raised = new Set<HealthAlertCode>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<HealthSample | null> | null = null;
  private stopped = false;

  constructor(private readonly options: HealthServiceOptions) {
    this.store = new HealthStore(options.db);
    this.sampler = options.sampler ?? new InProcessSampler();
    this.kiosk = new KioskPresenceTracker(options.monotonicNow);
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  }

  /** Samples at once, then every interval; a sample never starts while the previous one runs. */
  start(): void {
    const loop = () => {
      void this.sampleNow().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(loop, this.options.intervalMs ?? SAMPLE_INTERVAL_MS);
        // The API server keeps the agent alive; the sampling timer alone must not (a test that forgets stop()).
        this.timer.unref();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Closing the sampler fails a sample in flight at once; the cycle then ends without touching the database.
    await this.sampler.close();
    await this.running;
  }

  /** One whole cycle now (or joins the one running): sample, store, alerts, roll-up. */
  sampleNow(): Promise<HealthSample | null> {
    if (!this.running) {
      this.running = this.cycle()
        .catch((err: unknown) => {
          this.options.onError?.(err, 'sample');
          return null;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  recordHeartbeat(heartbeat: KioskHeartbeat, at: number): KioskPresence {
    this.kiosk.record(heartbeat, at);
    // A screen coming back should clear its alert now, not at the next sample a minute later.
    if (this.raised.has('kiosk_disconnected') && !this.stopped) this.evaluate(this.store.latest(), at);
    return this.kiosk.presence(this.thresholds.kioskSilenceMs);
  }

  kioskPresence(): KioskPresence {
    return this.kiosk.presence(this.thresholds.kioskSilenceMs);
  }

  /**
   * Read on every refresh of the admin screen, so it stays cheap however full the tables: the finished
   * 15-minute buckets come from the stored aggregates (192 rows for 48 h), and only the bucket still filling
   * is computed from its samples.
   */
  overview(at: number): HealthOverview {
    const from = at - SAMPLE_RETENTION_MS;
    const stored = this.store.aggregatesBetween(from, bucketStartOf(at, AGGREGATE_BUCKET_MS));
    const last = stored[stored.length - 1];
    const recentFrom = last ? last.bucketStart + last.bucketMs : bucketStartOf(at, AGGREGATE_BUCKET_MS);
    const recent = downsample(this.store.samplesBetween(Math.max(from, recentFrom), at + 1), AGGREGATE_BUCKET_MS);
    return {
      intervalMs: this.options.intervalMs ?? SAMPLE_INTERVAL_MS,
      latest: this.store.latest(),
      series: [...stored, ...recent],
      kiosk: this.kioskPresence(),
      hub: this.hubStatus(),
      alerts: this.options.alerts.list().filter((a) => (HEALTH_ALERT_CODES as readonly string[]).includes(a.code)),
    };
  }

  private hubStatus(): HubStatus {
    const url = readStationSettings(this.options.db).hubUrl;
    const lastCheck = url === null ? null : this.store.lastHubCheck();
    return {
      configured: url !== null,
      url,
      reachable: url === null ? null : (lastCheck?.hubReachable ?? null),
      lastCheckedAt: url === null ? null : (lastCheck?.at ?? null),
      failingSince: url === null ? null : this.store.hubFailingSince(),
      skewMs: readSetting<number>(this.options.db, HUB_SKEW_SETTING) ?? null,
    };
  }

  private async cycle(): Promise<HealthSample | null> {
    const { db, dataDir, now } = this.options;
    const hubUrl = readStationSettings(db).hubUrl;
    let machine: MachineSample;
    try {
      const hubCa = readSetting<string>(db, HUB_CA_SETTING) ?? null;
      machine = await this.sampler.sample({ dataDir, hubUrl, hubCa, callTimeoutMs: CALL_TIMEOUT_MS, hubTimeoutMs: HUB_TIMEOUT_MS });
    } catch (err) {
      if (this.stopped) return null;
      // The minute still counts: the agent was up and the kiosk's presence is known; the machine's figures are not.
      this.options.onError?.(err, 'sampler');
      machine = emptyMachine(`sampler: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.stopped) return null;
    const at = now();
    const { connected, screen, width, height, visible } = this.kioskPresence();
    const sample: HealthSample = { at, ...machine, kiosk: { connected, screen, width, height, visible } };
    this.store.record(sample);
    this.evaluate(sample, at);
    return sample;
  }

  /** Applies the pure decision to the AlertCenter, which logs each change and queues it for the county. */
  private evaluate(sample: HealthSample | null, at: number): void {
    const { db, alerts } = this.options;
    const hubUrl = readStationSettings(db).hubUrl;
    const failingSince = hubUrl === null ? null : this.store.hubFailingSince();
    const live = new SessionStore(db).live(at).find((s) => s.status === 'checkin' || s.status === 'playing');
    const observation: HealthObservation = {
      diskFreeBytes: sample?.diskFreeBytes ?? null,
      diskTotalBytes: sample?.diskTotalBytes ?? null,
      cpuTempC: sample?.cpuTempC ?? null,
      kioskSilentMs: this.kiosk.silentMs(),
      kioskHidden: this.kiosk.hidden(),
      programOnScreen: live?.title ?? null,
      hubConfigured: hubUrl !== null,
      hubFailingForMs: failingSince === null ? null : Math.max(0, at - failingSince),
      hubSkewMs: readSetting<number>(db, HUB_SKEW_SETTING) ?? null,
    };
    const decision = decideHealthAlerts(this.raised, observation, this.thresholds);
    for (const spec of decision.raise) {
      alerts.raise(spec, at);
      this.raised.add(spec.code);
    }
    for (const code of decision.clear) {
      alerts.clear(code, at);
      this.raised.delete(code);
    }
  }
}

function emptyMachine(problem: string): MachineSample {
  return {
    cpuLoadPct: null,
    memTotalBytes: null,
    memAvailableBytes: null,
    diskFreeBytes: null,
    diskTotalBytes: null,
    cpuTempC: null,
    uptimeSeconds: null,
    hubReachable: null,
    hubLatencyMs: null,
    problems: [problem],
  };
}
