// Alerts that stand until their cause is gone: shown on the kiosk's alert strip, logged once when raised.
import type { Db } from '../store/database.ts';
import type { StationEvents } from '../events.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';

export interface Alert {
  code: string;
  level: 'warning' | 'critical';
  message: string;
  messageEn: string;
  since: number;
}

export class AlertCenter {
  private readonly active = new Map<string, Alert>();

  constructor(
    private readonly db: Db,
    private readonly events: StationEvents,
  ) {}

  list(): Alert[] {
    return [...this.active.values()];
  }

  /** Raising an alert that already stands changes nothing and logs nothing. */
  raise(alert: Omit<Alert, 'since'>, at: number): void {
    const current = this.active.get(alert.code);
    if (current && current.message === alert.message) return;
    const raised = { ...alert, since: current?.since ?? at };
    this.active.set(alert.code, raised);
    this.db.transaction(() => {
      appendStationLog(this.db, { type: 'alert', actor: 'system', at, message: alert.message, detail: { code: alert.code, level: alert.level } });
      enqueueOutbox(this.db, 'alert', at, { code: alert.code, level: alert.level, message: alert.message, state: 'raised' });
    })();
    this.events.emit({ type: 'alert', alert: raised });
  }

  clear(code: string, at: number): void {
    const current = this.active.get(code);
    if (!current) return;
    this.active.delete(code);
    this.db.transaction(() => {
      appendStationLog(this.db, { type: 'alert', actor: 'system', at, message: `已恢复：${current.message}`, detail: { code, state: 'cleared' } });
      enqueueOutbox(this.db, 'alert', at, { code, state: 'cleared' });
    })();
    this.events.emit({ type: 'alert_cleared', code });
  }
}
