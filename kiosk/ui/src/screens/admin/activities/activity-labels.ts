// The words of the activities tab that depend on a value: an activity's kind, a rhythm line.
import { stationTimeZone, t, type MessageKey } from '../../../i18n/i18n.ts';
import type { ActivityKind, RhythmLine } from '../../../api-types.ts';

export const ACTIVITY_KIND_KEYS: Record<ActivityKind, MessageKey> = {
  branch_assembly: 'admin.activities.kind.branch_assembly',
  committee: 'admin.activities.kind.committee',
  group_meeting: 'admin.activities.kind.group_meeting',
  party_lesson: 'admin.activities.kind.party_lesson',
  theme_day: 'admin.activities.kind.theme_day',
  other: 'admin.activities.kind.other',
};

export const ACTIVITY_KINDS: readonly ActivityKind[] = ['branch_assembly', 'committee', 'group_meeting', 'party_lesson', 'theme_day', 'other'];

const STATUS_KEYS: Record<RhythmLine['status'], MessageKey> = {
  met: 'admin.activities.rhythm.met',
  short: 'admin.activities.rhythm.short',
  pending: 'admin.activities.rhythm.pending',
};

export function rhythmText(line: RhythmLine): string {
  const period = t(line.period === 'month' ? 'admin.activities.period.month' : 'admin.activities.period.quarter');
  return t('admin.activities.rhythm.line', { text: t(STATUS_KEYS[line.status], { kind: t(ACTIVITY_KIND_KEYS[line.kind]), held: line.held, required: line.required }), period });
}

/** 'YYYY-MM-DD HH:mm' of an instant on the station's clock. */
export function localDateTime(at: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: stationTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
