// Words and numbers of the library tab: where a course came from, what an import did with each file, a
// course's conversion state, lengths and sizes; and a poll for work the agent does in the background.
import { useEffect } from 'preact/hooks';
import { currentLocale, t, type MessageKey } from '../../../i18n/i18n.ts';
import type { ConversionView, Course, ImportJobView, JobFileResult } from '../../../api-types.ts';
import { useStable } from '../admin-hooks.ts';
import { coursewareText, storedProblemText } from '../../../../../../protocol/refusals/courseware-texts.pure.ts';

export const SOURCE_KEYS: Record<string, MessageKey> = {
  inbox: 'library.source.inbox',
  usb: 'library.source.usb',
  url: 'library.source.url',
  manual: 'library.source.manual',
  county: 'library.source.county',
  demo: 'library.source.demo',
  player: 'library.source.player',
  system: 'library.source.system',
};

export function sourceLabel(source: string | null): string {
  if (source === null) return '—';
  const key = SOURCE_KEYS[source];
  return key ? t(key) : source;
}

/** Why the library did not take a file, or an import stopped (a code with its values), in the screen's language. */
export function problemWords(problem: { code: string; params: unknown } | null): string {
  return problem === null ? '' : coursewareText(problem)[currentLocale() === 'en' ? 'en' : 'zh'];
}

/** What a content_log entry says of a problem, older rows written in words too (storedProblemText). */
export function storedProblemWords(detail: Record<string, unknown>): string {
  const text = storedProblemText(detail);
  return text === null ? '' : text[currentLocale() === 'en' ? 'en' : 'zh'];
}

/** "3:05" or "1:02:30": a video's length as a player shows it. */
export function clockLength(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function percent(share: number): number {
  return Math.max(0, Math.min(100, Math.floor(share * 100)));
}

/** What became of one file of an import, in a sentence. */
export function resultText(r: JobFileResult): string {
  switch (r.outcome) {
    case 'stored':
      return t(r.conversion === 'as_is' || r.conversion === null ? 'library.result.stored' : 'library.result.storedConvert');
    case 'stream':
      return t('library.result.stream');
    case 'duplicate':
      return t('library.result.duplicate', { title: r.title ?? '' });
    case 'refused':
      return t('library.result.refused', { reason: problemWords(r.problem) });
    case 'failed':
      return t('library.result.failed', { reason: problemWords(r.problem) });
    case 'skipped':
      return t('library.result.skipped', { reason: problemWords(r.problem) });
    case 'cancelled':
      return t('library.result.cancelled');
  }
}

export function resultTone(r: JobFileResult): 'ok' | 'warn' | 'quiet' {
  if (r.outcome === 'stored' || r.outcome === 'stream') return 'ok';
  if (r.outcome === 'refused' || r.outcome === 'failed') return 'warn';
  return 'quiet';
}

/** The share of a job's bytes done, 0–1; a download of unknown length counts as not started. */
export function jobShare(job: ImportJobView): number {
  if (job.state === 'done') return 1;
  return job.bytesTotal ? Math.min(1, job.bytesDone / job.bytesTotal) : 0;
}

/** A course's status column: ready, converting with its percentage, waiting for a viewing, quarantined … */
export function courseStatus(course: Course, conversion: ConversionView | undefined, live: { share: number; paused: boolean } | undefined, canRunNow: boolean): string {
  if (course.status === 'converting') {
    if (conversion?.state === 'running' || live) {
      const p = percent(live?.share ?? conversion?.progress ?? 0);
      return t((live?.paused ?? conversion?.paused) ? 'library.status.convertingPaused' : 'library.status.converting', { percent: p });
    }
    if (!canRunNow) return t('library.status.waiting');
    if (conversion && conversion.attempts > 0) return t('library.status.retry');
    return t('library.status.queued');
  }
  const keys: Record<Course['status'], MessageKey> = {
    ready: 'admin.course.ready',
    converting: 'admin.course.converting',
    quarantined: 'admin.course.quarantined',
    missing: 'admin.course.missing',
    removed: 'admin.course.removed',
  };
  return t(keys[course.status]);
}

/** Calls fn every ms while active (and once at once): for the agent's background work, which sends no event. */
export function usePoll(fn: () => void, ms: number, active: boolean): void {
  const stable = useStable(fn);
  useEffect(() => {
    if (!active) return;
    stable();
    const timer = setInterval(stable, ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}
