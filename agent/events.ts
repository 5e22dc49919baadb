// The agent's event bus: what the kiosk hears over the event stream, typed.
import { EventEmitter } from 'node:events';
import type { Alert } from './alerts/alert-center.ts';
import type { Session } from './sessions/session-store.ts';

export type StationEvent =
  | { type: 'checkin_window'; sessionId: number; state: 'open' | 'closed'; title: string }
  /** A branch activity's check-in opened or closed by the administrator: the door's screen goes to it or leaves it. */
  | { type: 'activity_checkin'; activityId: number; state: 'open' | 'closed'; title: string }
  | { type: 'program_starting'; sessionId: number; programId: number; courseId: number; title: string; scheduledStart: number; lateMs: number }
  | { type: 'playback_state'; sessionId: number | null; courseId: number; state: 'playing' | 'ended' | 'stopped' | 'error' }
  | { type: 'attendance_changed'; sessionId: number; registered: number; attendedRegistered: number; rate: number | null; guests: number }
  | { type: 'alert'; alert: Alert }
  | { type: 'alert_cleared'; code: string }
  | { type: 'schedule_changed' }
  /** A course is being converted for the kiosk's browser: how far, and whether paused for a viewing. */
  | { type: 'library_progress'; courseId: number; share: number; paused: boolean }
  /** Another process (the CLI) changed the database: reload what is shown. */
  | { type: 'data_changed' };

export class StationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per connected kiosk; a few screens plus tests must not trip the leak warning.
    this.emitter.setMaxListeners(100);
  }

  emit(event: StationEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: StationEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

/** The event that tells the kiosk to open the player for a session that has just started. */
export function programStarting(session: Session): StationEvent {
  return {
    type: 'program_starting',
    sessionId: session.id,
    programId: session.programId,
    courseId: session.courseId,
    title: session.title,
    scheduledStart: session.scheduledStart,
    lateMs: session.lateStartMs ?? 0,
  };
}
