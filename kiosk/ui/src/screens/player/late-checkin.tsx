// Late arrivals during a group viewing: OK opens the check-in screen over the playing video (it keeps playing
// and is heard), Back closes it; a member's card is taken at any time, overlay open or not, and the toast says
// whether it counted as late (the station's grace setting decides, at the agent).
import { useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api.ts';
import { useBackHandler } from '../../navigation.ts';
import { t } from '../../i18n/i18n.ts';
import type { CheckinOutcome } from '../../api-types.ts';
import { refusalText } from '../../i18n/refusals.ts';
import { CheckinScreen } from '../checkin/checkin-screen.tsx';
import { useCardTaps } from '../checkin/use-card-taps.ts';
import { toast, type ToastMessage } from '../../components/toast.tsx';
import { station } from '../../station-store.ts';
import { playCheckinSound } from '../checkin/checkin-sound.ts';

/** The check-in screen over the video. */
export function LateCheckinOverlay(props: { sessionId: number; onClose: () => void }) {
  // Above the player's own Back (the stop hint): Back here closes the overlay.
  useBackHandler(props.onClose);
  return (
    <div class="player-checkin-overlay" data-testid="late-checkin">
      <CheckinScreen target={{ kind: 'session', id: props.sessionId }} onDone={props.onClose} />
    </div>
  );
}

type CardReply = CheckinOutcome;

const soundLevel = () => station.current.state?.station.checkinSound ?? 'off';

/**
 * A card reader's burst while the video plays (the overlay closed): checked in at once. The overlay's own
 * check-in screen reads cards itself while it is open, so this listens only while it is closed.
 */
export function useCardsDuringShowing(sessionId: number | null, listening: boolean): ToastMessage | null {
  const [message, setMessage] = useState<ToastMessage | null>(null);
  useCardTaps(sessionId !== null && listening, (cardUid) => {
    api
      .post<CardReply>(`/api/sessions/${sessionId}/checkins`, { cardUid })
      .then((reply) => {
        const counted = reply.status === 'checked_in';
        if (counted) setMessage(toast(t(reply.attendance.late ? 'checkin.done.late' : 'checkin.done', { name: reply.name }), 'ok'));
        else setMessage(toast(t('checkin.already', { name: reply.name, time: reply.time }), 'warn'));
        playCheckinSound(counted ? 'accepted' : 'refused', soundLevel());
      })
      .catch((err: unknown) => {
        setMessage(toast(err instanceof ApiFailure ? refusalText(err) : String(err), 'warn'));
        playCheckinSound('refused', soundLevel());
      });
  });
  return message;
}
