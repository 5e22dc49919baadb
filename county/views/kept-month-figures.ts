// The month's figures of a province or a city, kept (issue 16: province overview and ranking p99 ≤ 300 ms at
// 20,000 stations × a year). Reading a month's rows, alerts and surveys for 20,000 stations takes a second or
// more on each request; instead this hub process reads them for the whole hub once a minute (kept-figures-job.ts,
// the running month) and a page over a large scope is narrowed from them in memory.
//
// Decisions:
// - Only a scope of at least `minStations` (2,000: four counties) is served from what is kept. A county's pages,
//   a township's and a station's stay live, as before: they read only their stations and meet their target so.
// - A page served from what is kept says when it was read (figuresAt), and its "online now" and alerts are as of
//   then. A minute is nothing to the month's figures staff at a desk compare; the dashboard shows the time.
// - Kept in this process, not in the database: each hub process behind the proxy keeps its own (two at a
//   province), so nothing is shared to go stale or be locked. Older than two rounds, what is kept is still
//   answered once while a fresh read runs (never two reads of one month at once); older than ten, it is not
//   answered at all and the page waits for the read.
// - Other months (a staff member looking back) are read on first asking and kept like the others, the last six.
// - Exports and backups never use what is kept: a document is read live at the moment it is made.
import type { StationScope } from './station-rows.ts';
import { narrowInputs, type MonthInputs } from './month-inputs.ts';

export const KEPT_FIGURES_EVERY_MS = 60_000;
export const KEPT_FIGURES_MIN_STATIONS = 2_000;
const MONTHS_KEPT = 6;

export interface KeptFiguresOptions {
  /** Reads the whole hub's inputs of a month (readMonthInputs with no scope). */
  read: (month: string) => Promise<MonthInputs>;
  /** How many current stations the hub has now. */
  countStations: () => Promise<number>;
  now: () => number;
  minStations?: number;
  everyMs?: number;
}

export class KeptMonthFigures {
  private readonly kept = new Map<string, MonthInputs>();
  private readonly reading = new Map<string, Promise<MonthInputs>>();
  readonly minStations: number;
  readonly everyMs: number;

  constructor(private readonly options: KeptFiguresOptions) {
    this.minStations = options.minStations ?? KEPT_FIGURES_MIN_STATIONS;
    this.everyMs = options.everyMs ?? KEPT_FIGURES_EVERY_MS;
  }

  /**
   * The inputs of a scope's month from what is kept when the scope is large enough; otherwise null (the caller
   * reads live). `scope` null: the whole hub, whose size is counted.
   */
  async inputs(month: string, scope: StationScope): Promise<MonthInputs | null> {
    const size = scope === null ? (this.kept.get(month)?.stations.length ?? (await this.options.countStations())) : scope.stations.length;
    if (size < this.minStations) return null;
    const kept = this.kept.get(month);
    const age = kept === undefined ? Infinity : this.options.now() - kept.at;
    if (age > 2 * this.everyMs) {
      const fresh = this.refresh(month);
      if (age > 10 * this.everyMs) return narrowInputs(await fresh, scope);
      // Answered now from the last read; the next page gets the fresh one.
      fresh.catch(() => undefined);
    }
    return narrowInputs(kept ?? (await this.refresh(month)), scope);
  }

  /** Reads the month again unless a read of it is running (then that one's answer); keeps the answer. */
  refresh(month: string): Promise<MonthInputs> {
    const running = this.reading.get(month);
    if (running) return running;
    const read = this.options
      .read(month)
      .then((inputs) => {
        this.kept.delete(month);
        this.kept.set(month, inputs);
        while (this.kept.size > MONTHS_KEPT) this.kept.delete(this.kept.keys().next().value!);
        return inputs;
      })
      .finally(() => this.reading.delete(month));
    this.reading.set(month, read);
    return read;
  }

  /** The job's round: the months given read again, if the hub is large enough for anything to be kept. */
  async keep(months: readonly string[]): Promise<void> {
    if ((await this.options.countStations()) < this.minStations) {
      this.kept.clear();
      return;
    }
    for (const month of months) await this.refresh(month);
  }

  /** When the month's kept inputs were read; undefined when none are kept. */
  keptAt(month: string): number | undefined {
    return this.kept.get(month)?.at;
  }
}
