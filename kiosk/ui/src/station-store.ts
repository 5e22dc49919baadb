// What the kiosk knows about the station: state and board from the agent, kept fresh by the event stream.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from './api.ts';
import type { Board, Showing, StationEvent, StationState } from './api-types.ts';
import { connectEvents } from './event-stream.ts';
import { setLocale, setTimeZone } from './i18n/i18n.ts';
import { applyDisplaySettings } from './display-settings.ts';

export interface StationSnapshot {
  state: StationState | null;
  board: Showing[];
  connected: boolean;
  /** Milliseconds to add to the browser's clock to get the agent's (the agent's clock is the reference). */
  clockOffsetMs: number;
}

type Listener = (snapshot: StationSnapshot) => void;

export class StationStore {
  private snapshot: StationSnapshot = { state: null, board: [], connected: false, clockOffsetMs: 0 };
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<(e: StationEvent) => void>();
  private readonly resyncListeners = new Set<(state: StationState) => void>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  private localeChosen = false;

  get current(): StationSnapshot {
    return this.snapshot;
  }

  /** The agent's notion of now. */
  now(): number {
    return Date.now() + this.snapshot.clockOffsetMs;
  }

  start(): () => void {
    const stop = connectEvents(
      (event) => {
        for (const l of this.eventListeners) l(event);
        // Conversion progress ticks twice a second and changes nothing the room sees: listeners only.
        if (event.type !== 'library_progress') void this.refresh();
      },
      (connected) => {
        this.update({ connected });
        if (connected) void this.resync();
      },
    );
    void this.refresh();
    // A slow heartbeat refresh keeps countdowns and "today" honest if an event was missed.
    const timer = setInterval(() => void this.refresh(), 30_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }

  /** Coalesces bursts of events into at most one refresh in flight plus one after it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        const sent = Date.now();
        const [state, board] = await Promise.all([api.get<StationState>('/api/state'), api.get<Board>('/api/board?days=8')]);
        const received = Date.now();
        setTimeZone(state.station.timeZone);
        applyDisplaySettings(state.station);
        if (!this.localeChosen) setLocale(state.station.language);
        this.update({ state, board: board.showings, connected: true, clockOffsetMs: state.now - (sent + received) / 2 });
      } catch (err) {
        if (err instanceof ApiFailure && err.code === 'agent_unreachable') this.update({ connected: false });
        else console.error(err);
      } finally {
        this.refreshing = null;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      }
    })();
    return this.refreshing;
  }

  /**
   * A refresh begun after the stream connected, then the resync listeners: events sent before the connection
   * are lost, so what they would have changed is read from the state (a refresh already in flight may predate
   * the connection, so the one queued after it is awaited too).
   */
  private async resync(): Promise<void> {
    await this.refresh();
    while (this.refreshing) await this.refreshing;
    const { state } = this.snapshot;
    if (state) for (const l of this.resyncListeners) l(state);
  }

  onResync(listener: (state: StationState) => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** The language chosen on this screen wins over the station default until the page reloads. */
  chooseLocale(locale: 'zh-CN' | 'en'): void {
    this.localeChosen = true;
    setLocale(locale);
    this.update({});
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onEvent(listener: (e: StationEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private update(patch: Partial<StationSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l(this.snapshot);
  }
}

export const station = new StationStore();

export function useStation(): StationSnapshot {
  const [snapshot, setSnapshot] = useState(station.current);
  useEffect(() => station.subscribe(setSnapshot), []);
  return snapshot;
}

/** Re-renders every `ms` so clocks and countdowns move. */
export function useTicker(ms: number): number {
  const [now, setNow] = useState(station.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(station.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
