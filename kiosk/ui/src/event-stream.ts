// The agent's event stream as typed callbacks; EventSource reconnects by itself after an agent restart.
import type { StationEvent } from './api-types.ts';

export const EVENT_TYPES: readonly StationEvent['type'][] = [
  'checkin_window',
  'activity_checkin',
  'program_starting',
  'playback_state',
  'attendance_changed',
  'alert',
  'alert_cleared',
  'schedule_changed',
  'library_progress',
  'data_changed',
];

export function connectEvents(onEvent: (event: StationEvent) => void, onConnection: (connected: boolean) => void): () => void {
  const source = new EventSource('/api/events');
  source.addEventListener('hello', () => onConnection(true));
  source.addEventListener('error', () => onConnection(false));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (e) => onEvent(JSON.parse((e as MessageEvent<string>).data) as StationEvent));
  }
  return () => source.close();
}
