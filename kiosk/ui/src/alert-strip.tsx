// The alert strip: what is wrong with the station (clock, disk, hub), on every screen but the player.
import { currentLocale, t } from './i18n/i18n.ts';
import { useStation } from './station-store.ts';

export function AlertStrip() {
  const { state, connected } = useStation();
  const messages = [
    ...(connected ? [] : [t('app.offline')]),
    ...(state?.alerts ?? []).map((a) => (currentLocale() === 'en' ? a.messageEn : a.message)),
  ];
  if (messages.length === 0) return null;
  return (
    <div class="alert-strip" role="alert" data-testid="alerts">
      {messages.map((m) => (
        <span key={m}>⚠ {m}</span>
      ))}
    </div>
  );
}
