// A station's connection at a glance: a dot and a word (never the colour alone), and when it was last heard.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';

export function OnlineState({ online, enrolledAt, lastSeenAt, now, compact = false }: { online: boolean; enrolledAt: number | null; lastSeenAt: number | null; now: number; compact?: boolean }) {
  const state = enrolledAt === null ? 'pending' : online ? 'on' : 'off';
  const label = state === 'pending' ? t('online.pending') : state === 'on' ? t('online.on') : t('online.off');
  const heard = lastSeenAt === null ? (enrolledAt === null ? '' : t('online.never')) : fmt.ago(lastSeenAt, now);
  return (
    <span class={`online online-${state}`} data-online={state} title={lastSeenAt === null ? undefined : fmt.dateTime(lastSeenAt)}>
      <span class="dot" aria-hidden="true" />
      <span class="online-label">{label}</span>
      {heard && !(compact && state === 'on') && <span class="online-ago">{heard}</span>}
    </span>
  );
}
