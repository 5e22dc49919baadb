// The uplink's event types: what each one's body holds (EventBodies), the one list of their names, and
// what the hub checks and keeps of each — the one place a new type is declared (docs/guides/add-event-type.md).
//
//   heartbeat        every 5 min: the run it belongs to (spanStart), so one heartbeat vouches for the whole
//                    run since spanStart; queued heartbeats of one run are coalesced to the latest
//   health           a 15-minute device health aggregate, or the equipment register (kind 'equipment')
//   session          a group viewing's figures, resent when attendance changes; the hub keeps the latest
//   month_summary    the station's monthly figures (registered, attended, excused, held), member-level
//                    counting done where the roster is; resent when they change
//   alert            a station alert raised or cleared (e.g. disk_low, clock_untrusted)
//   station_log      a line of the station log (站点管理日志)
//   content_received a course received, refused or found a duplicate (the receive log)
//   satisfaction     a group viewing's satisfaction counts, once, when its survey closes (final then)
//   mobile_ledger    an entry of the mobile-member ledger (流动党员台帐): a flow in, out or back, or a correction
//   activity         a branch activity (支部活动记录) as entered, at its check-in's close, and when withdrawn (by revision)
//   weekly_report    a week's report (每周一报), once, when sent: frozen figures and the administrator's remark
//   room_use         a use of the room entered by hand (活动场所使用登记), or its removal (versioned)
//   delivery         county programs and notices received, shown (a live one playing), a live one's check-ins
//   viewing_proof    a group viewing's proof picture (收看留证): the screen at start, middle, end, or the room; once each
//   remote_help_result what became of a county staff member's remote-help command: a screenshot, a diagnostic
//                    bundle, a kiosk restart, or the code it was refused or failed with (protocol/remote-help.pure.ts)
//
// The hub keeps a type it does not know as it is (a newer agent's), within the same per-event limits and daily
// budget as every other event.
import type { TSchema, Static } from 'typebox';
import { RemoteHelpResultBodySchema, type RemoteHelpResultBody } from './remote-help.pure.ts';
import {
  ActivityBodySchema,
  AlertBodySchema,
  HealthBodySchema,
  HeartbeatBodySchema,
  MobileLedgerBodySchema,
  MonthSummaryBodySchema,
  RoomUseBodySchema,
  DeliveryBodySchema,
  WeeklyReportBodySchema,
  SatisfactionBodySchema,
  SessionBodySchema,
  StationLogBodySchema,
  ViewingProofBodySchema,
  type ViewingProofBody,
  type ActivityBody,
  type AlertBody,
  type ContentReceivedBody,
  type MobileLedgerBody,
  type RoomUseBody,
  type DeliveryBody,
  type WeeklyReportBody,
  type EquipmentRegisterBody,
  type HealthAggregateBody,
  type HeartbeatBody,
  type MonthSummaryBody,
  type SatisfactionBody,
  type SessionReportBody,
  type StationLogReportBody,
} from './event-bodies.pure.ts';

/** The body a station sends, per event type. */
export interface EventBodies {
  heartbeat: HeartbeatBody;
  health: HealthAggregateBody | EquipmentRegisterBody;
  session: SessionReportBody;
  month_summary: MonthSummaryBody;
  alert: AlertBody;
  station_log: StationLogReportBody;
  content_received: ContentReceivedBody;
  satisfaction: SatisfactionBody;
  mobile_ledger: MobileLedgerBody;
  activity: ActivityBody;
  weekly_report: WeeklyReportBody;
  room_use: RoomUseBody;
  delivery: DeliveryBody;
  viewing_proof: ViewingProofBody;
  remote_help_result: RemoteHelpResultBody;
}
export type EventType = keyof EventBodies;

/**
 * An event's body as its type's, for the hub: it checked every body against its type's schema
 * (EVENT_TYPE_SPECS) before storing it, so this is the one place a reader's view of a body is asserted, and
 * it names the type it expects.
 */
export function bodyOf<T extends EventType>(event: { type: string; body: unknown }, type: T): EventBodies[T] {
  if (event.type !== type) throw new TypeError(`a ${type} event was expected, not ${event.type}`);
  return event.body as EventBodies[T];
}

/** What the protocol says of one event type besides its body's type. */
export interface EventTypeSpec {
  /**
   * The schema the hub checks the body against before it keeps the event (extra fields allowed); null: any
   * object, the hub computes nothing from it. Every body a station may send passes it (checked below).
   */
  schema: TSchema | null;
  /**
   * Routine: frequent, its whole meaning kept in the hub's projections once stored (nothing reads its row
   * again), so the hub prunes its rows after a while (county/event-retention.ts). Otherwise kept for ever.
   */
  routine: boolean;
}

/** Every event type, keyed by its name: the compiler makes it list exactly the types of EventBodies. */
export const EVENT_TYPE_SPECS = {
  heartbeat: { schema: HeartbeatBodySchema, routine: true },
  health: { schema: HealthBodySchema, routine: true },
  session: { schema: SessionBodySchema, routine: false },
  month_summary: { schema: MonthSummaryBodySchema, routine: false },
  alert: { schema: AlertBodySchema, routine: false },
  station_log: { schema: StationLogBodySchema, routine: false },
  content_received: { schema: null, routine: false },
  satisfaction: { schema: SatisfactionBodySchema, routine: false },
  mobile_ledger: { schema: MobileLedgerBodySchema, routine: false },
  activity: { schema: ActivityBodySchema, routine: false },
  weekly_report: { schema: WeeklyReportBodySchema, routine: false },
  room_use: { schema: RoomUseBodySchema, routine: false },
  delivery: { schema: DeliveryBodySchema, routine: false },
  // Not routine: its row is the picture itself; the hub prunes it after a year (county/proof-retention.ts).
  viewing_proof: { schema: ViewingProofBodySchema, routine: false },
  // Not routine: staff download a screenshot or bundle from its row (hub migration 0023 indexes it).
  remote_help_result: { schema: RemoteHelpResultBodySchema, routine: false },
} as const satisfies { [T in EventType]: EventTypeSpec };

/** The names of the event types: one list, derived from EVENT_TYPE_SPECS (and so from EventBodies). */
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SPECS) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPE_SPECS, type);
}

/** The body schema of each type that has one, by type name: what the hub checks (other types: any object). */
export const EVENT_BODY_SCHEMAS: ReadonlyMap<string, TSchema> = new Map(
  EVENT_TYPES.flatMap((type): [EventType, TSchema][] => {
    const schema: TSchema | null = EVENT_TYPE_SPECS[type].schema;
    return schema === null ? [] : [[type, schema]];
  }),
);

/** The types whose rows the hub may prune once old (their meaning lives on in its projections). */
export const ROUTINE_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => EVENT_TYPE_SPECS[t].routine);

// The compiler's check that every body a station sends passes the schema the hub checks it against: a body
// type and a schema that drift apart stop the build here, not a station's reports at the hub.
type PassesSchema<T extends EventType, S> = S extends TSchema ? ([EventBodies[T]] extends [Static<S>] ? true : false) : true;
type Assert<T extends true> = T;
type _BodiesPassTheirSchemas = Assert<{ [T in EventType]: PassesSchema<T, (typeof EVENT_TYPE_SPECS)[T]['schema']> }[EventType]>;
