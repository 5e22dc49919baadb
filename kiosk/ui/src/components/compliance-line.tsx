// What the month still needs (达标进度), in one line: the board's admin line and the admin home show it, so the
// station learns it is short while it can still act. The figures are the agent's (GET /api/compliance); only the
// words are the screen's.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { ComplianceView } from '../api-types.ts';
import { t } from '../i18n/i18n.ts';
import { useStation } from '../station-store.ts';

/** At most one fetch in this long, however many station events arrive (a burst of check-ins). */
const MIN_GAP_MS = 5_000;

/** The current month's compliance, fetched again when the station changes (at most once in MIN_GAP_MS; the store refreshes at least every 30 s). */
export function useCompliance(): ComplianceView | null {
  const { state } = useStation();
  const [view, setView] = useState<ComplianceView | null>(null);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    // One fetch waits at a time; later changes within the gap are covered by it (it reads the month as it is then).
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      api.get<ComplianceView>('/api/compliance').then((v) => mounted.current && setView(v), () => undefined);
    }, Math.max(0, last.current + MIN_GAP_MS - Date.now()));
  }, [state]);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, []);
  return view;
}

function day(date: string): string {
  return t('compliance.dayN', { n: Number(date.slice(8, 10)) });
}

/** The sentence: "本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看". */
export function complianceText(v: ComplianceView): string {
  const c = v.compliance;
  const parts: string[] = [];
  const over = c.state === 'over';
  if (c.viewings.stillNeeded > 0) {
    parts.push(over ? t('compliance.viewingsShort', { held: c.viewings.held, required: c.viewings.required }) : t('compliance.needViewings', { n: c.viewings.stillNeeded }));
  } else {
    parts.push(t('compliance.viewingsDone', { held: c.viewings.held, required: c.viewings.required }));
  }
  parts.push(c.minutes.required === null ? t('compliance.minutesOnly', { studied: c.minutes.studied }) : t('compliance.minutes', { studied: c.minutes.studied, required: c.minutes.required }));
  if (c.missedFixedDays.length > 0) parts.push(t('compliance.missedDays', { days: c.missedFixedDays.map(day).join('、') }));
  const next = c.fixedStudyDays.find((d) => d.state === 'today' || d.state === 'coming');
  if (next && !over) parts.push(t('compliance.nextFixedDay', { day: day(next.date) }));
  if (c.met) parts.unshift(t('compliance.met'));
  const [first, ...rest] = parts;
  return rest.length === 0 ? (first ?? '') : `${first}${t('compliance.comma')}${rest.join(t('compliance.join'))}`;
}

/** The line itself; `withMembers` adds how many members have not studied yet (the admin home, not the room). */
export function ComplianceLine(props: { class?: string; withMembers?: boolean; testId?: string }) {
  const view = useCompliance();
  if (!view) return null;
  const short = view.compliance.shortfalls.length > 0;
  return (
    <p class={`compliance-line ${short ? 'compliance-short' : 'compliance-ok'} ${props.class ?? ''}`} data-testid={props.testId ?? 'compliance-line'} data-short={short}>
      {complianceText(view)}
      {props.withMembers && view.notStudied > 0 && `${t('compliance.join')}${t('compliance.notStudied', { n: view.notStudied })}`}
    </p>
  );
}
