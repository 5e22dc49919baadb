// Catalog keys for the agent's enumerations (categories, check-in methods, log types, grades) on admin screens.
import type { MessageKey } from '../../i18n/i18n.ts';
import type { FlowKind, GuestCategory, LogEntry, MemberCategory, SiteGrade } from '../../api-types.ts';

export const CATEGORY_KEYS: Record<MemberCategory, MessageKey> = {
  full: 'admin.category.full',
  probationary: 'admin.category.probationary',
  mobile_in: 'admin.category.mobile_in',
  activist: 'admin.category.activist',
  applicant: 'admin.category.applicant',
  other: 'admin.category.other',
};

export const GUEST_KEYS: Record<GuestCategory, MessageKey> = {
  non_registered: 'admin.guest.non_registered',
  mobile: 'admin.guest.mobile',
  activist: 'admin.guest.activist',
  applicant: 'admin.guest.applicant',
  employee: 'admin.guest.employee',
  other: 'admin.guest.other',
};

/** How a person checked in; the agent's CheckinMethod values. */
export const METHOD_KEYS: Record<string, MessageKey> = {
  tile: 'admin.method.tile',
  search: 'admin.method.search',
  card: 'admin.method.card',
  guest: 'admin.method.guest',
  cli: 'admin.method.cli',
  admin: 'admin.method.admin',
};

export const LOG_TYPE_KEYS: Record<LogEntry['type'], MessageKey> = {
  station: 'admin.logType.station',
  admin: 'admin.logType.admin',
  roster: 'admin.logType.roster',
  program: 'admin.logType.program',
  schedule: 'admin.logType.schedule',
  session: 'admin.logType.session',
  checkin: 'admin.logType.checkin',
  playback: 'admin.logType.playback',
  content: 'admin.logType.content',
  alert: 'admin.logType.alert',
};

/** Who did it, in the station log; a named operator is shown as written. */
export const ACTOR_KEYS: Record<string, MessageKey> = {
  system: 'admin.actor.system',
  kiosk: 'admin.actor.kiosk',
  admin: 'admin.actor.admin',
  cli: 'admin.actor.cli',
  county: 'admin.actor.county',
};

export const GRADE_KEYS: Record<SiteGrade, MessageKey> = {
  demonstration: 'admin.grade.demonstration',
  standard: 'admin.grade.standard',
  ordinary: 'admin.grade.ordinary',
};

/** The mobile-member ledger's kinds of flow (流入, 流出, 返回). */
export const FLOW_KEYS: Record<FlowKind, MessageKey> = { flow_in: 'admin.ledger.flow_in', flow_out: 'admin.ledger.flow_out', return: 'admin.ledger.return' };
