// The event types are declared once: the list, the hub's body checks and its pruning all come from
// EVENT_TYPE_SPECS, and the outbox takes for each type only the body the protocol gives it.
import { Compile } from 'typebox/compile';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_BODY_SCHEMAS, EVENT_TYPES, EVENT_TYPE_SPECS, ROUTINE_EVENT_TYPES, isEventType, type EventBodies } from '../../protocol/event-types.pure.ts';
import { UplinkEventSchema } from '../../protocol/wire.pure.ts';
import { GradeSchema, SITE_GRADES, SITE_GRADE_LABELS, GRADE_MINIMUM_VIEWINGS, requiredViewings } from '../../protocol/site-grades.pure.ts';
import { CountyRuleSchema, RecurrenceRuleSchema } from '../../protocol/recurrence-rule.pure.ts';
import { enqueueOutbox, pendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { createStation, type Station } from '../support/station-fixture.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

describe('the event types', () => {
  it('are listed once each, every name one the envelope accepts', () => {
    // Those the hub computes figures from, at least (a new type joins the list by its spec alone).
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['heartbeat', 'health', 'session', 'month_summary', 'alert', 'station_log', 'content_received']));
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    const envelope = Compile(UplinkEventSchema);
    for (const type of EVENT_TYPES) expect(envelope.Check({ id: 'e1', type, at: 1, body: {} }), type).toBe(true);
    expect(isEventType('heartbeat')).toBe(true);
    expect(isEventType('playback')).toBe(false);
    // An inherited name is not an event type.
    expect(isEventType('toString')).toBe(false);
  });

  it('mark heartbeats and health samples routine (the hub prunes them) and keep everything else', () => {
    expect(ROUTINE_EVENT_TYPES).toEqual(expect.arrayContaining(['heartbeat', 'health']));
    expect(ROUTINE_EVENT_TYPES).toEqual(EVENT_TYPES.filter((t) => EVENT_TYPE_SPECS[t].routine));
    for (const kept of ['session', 'month_summary', 'alert', 'station_log', 'content_received'] as const) expect(ROUTINE_EVENT_TYPES, kept).not.toContain(kept);
  });

  it('check the bodies the hub computes figures from, and take any object for the rest', () => {
    expect(EVENT_TYPE_SPECS.content_received.schema).toBeNull();
    expect([...EVENT_BODY_SCHEMAS.keys()]).toEqual(EVENT_TYPES.filter((t) => EVENT_TYPE_SPECS[t].schema !== null));
    for (const checked of ['heartbeat', 'health', 'session', 'month_summary', 'alert', 'station_log']) expect(EVENT_BODY_SCHEMAS.has(checked), checked).toBe(true);
    const alert = Compile(EVENT_TYPE_SPECS.alert.schema);
    expect(alert.Check({ code: 'disk_low', state: 'raised', level: 'warning' })).toBe(true);
    expect(alert.Check({ code: 'disk_low', state: 'sideways' })).toBe(false);
  });
});

describe('the outbox', () => {
  it('queues a body as the protocol types it, in order, as JSON', () => {
    station = createStation();
    const body: EventBodies['alert'] = { code: 'disk_low', state: 'raised', level: 'warning', message: '磁盘空间不足' };
    const id = enqueueOutbox(station.db, 'alert', 1_800_000_000_000, body);
    const queued = pendingOutbox(station.db, 100).find((e) => e.id === id)!;
    expect(queued).toMatchObject({ type: 'alert', at: 1_800_000_000_000, body });
  });

  it('does not compile a body of another type, or a type the protocol lacks', () => {
    // Each line is a compile error tsc must find (npm test type-checks the tests); at run time nothing runs.
    const never = (): void => {
      // @ts-expect-error an alert's body is not a heartbeat's
      enqueueOutbox(station!.db, 'heartbeat', 0, { code: 'disk_low', state: 'raised' });
      // @ts-expect-error a field of the wrong type
      enqueueOutbox(station!.db, 'alert', 0, { code: 'disk_low', state: 'maybe' });
      // @ts-expect-error not an event type
      enqueueOutbox(station!.db, 'playback', 0, {});
    };
    expect(never).toBeTypeOf('function');
  });
});

describe('the site grades', () => {
  it('are one list, its schema, labels and minimums', () => {
    expect(SITE_GRADES).toEqual(['demonstration', 'standard', 'ordinary']);
    const grade = Compile(GradeSchema);
    for (const g of SITE_GRADES) expect(grade.Check(g)).toBe(true);
    expect(grade.Check('village')).toBe(false);
    expect(Object.keys(SITE_GRADE_LABELS)).toEqual([...SITE_GRADES]);
    expect(GRADE_MINIMUM_VIEWINGS).toEqual({ demonstration: 2, standard: 1, ordinary: 1 });
    expect(requiredViewings('standard', null)).toBe(1);
    expect(requiredViewings('demonstration', 1)).toBe(2);
    expect(requiredViewings('ordinary', 3)).toBe(3);
  });
});

describe('the recurrence rule', () => {
  it('has one shape; across the network at most a year of exception dates', () => {
    const rule = { type: 'daily', time: '19:30', except: Array.from({ length: 367 }, (_, i) => `2027-01-${String((i % 28) + 1).padStart(2, '0')}`) };
    expect(Compile(RecurrenceRuleSchema).Check(rule)).toBe(true);
    expect(Compile(CountyRuleSchema).Check(rule)).toBe(false);
    expect(Compile(CountyRuleSchema).Check({ ...rule, except: rule.except.slice(0, 366) })).toBe(true);
    for (const schema of [RecurrenceRuleSchema, CountyRuleSchema]) {
      expect(Compile(schema).Check({ type: 'weekly', days: [1, 8], time: '19:30' })).toBe(false);
      expect(Compile(schema).Check({ type: 'monthly', day: 'last', time: '08:00', from: '2027-01-01' })).toBe(true);
      expect(Compile(schema).Check({ type: 'once', date: '2027-01-01', time: '08:00', extra: 1 })).toBe(false);
    }
  });
});
