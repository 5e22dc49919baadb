// The satisfaction screen (满意度测评) after a group viewing: one question, three large answers, one anonymous
// answer per person present, by the remote or a card tap then a choice; Back skips; it closes by itself.
//
// Decisions:
// - A neutral start: no answer has the focus when the screen opens (the question does), and it returns there
//   after each answer, so an OK pressed in passing never counts as 满意 and the next person is not nudged to
//   the previous person's choice. One deliberate arrow press comes before any answer.
// - The countdown is IDLE_SECONDS from the opening and from each answer; when it runs out, or once everyone
//   present has answered (after FULL_CLOSE_MS, time to read the thanks), the screen closes the survey and the
//   board returns. Back closes it at once (skip). Closing makes the counts final (agent/satisfaction/README.md).
// - A card tap is taken as "this person answers next": the following choice is sent with the card, so the
//   agent can hold that card to one answer; the card is forgotten on the screen right away.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api.ts';
import type { SatisfactionAnswer, SurveyView } from '../../api-types.ts';
import { t } from '../../i18n/i18n.ts';
import { useBackHandler } from '../../navigation.ts';
import { refusalText } from '../../i18n/refusals.ts';
import { Toast, toast, type ToastMessage } from '../../components/toast.tsx';
import { useCardTaps } from '../checkin/use-card-taps.ts';

export const IDLE_SECONDS = 60;
const FULL_CLOSE_MS = 4_000;
const OPEN_RETRY_MS = 500;
const OPEN_TRIES = 10;
const CHOICES: readonly SatisfactionAnswer[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

type Reply = { survey: SurveyView };

export function SatisfactionScreen({ sessionId, onDone }: { sessionId: number; onDone: () => void }) {
  const [survey, setSurvey] = useState<SurveyView | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(IDLE_SECONDS);
  const [message, setMessage] = useState<ToastMessage | null>(null);
  const [card, setCard] = useState<string | null>(null);
  const deadline = useRef(Date.now() + IDLE_SECONDS * 1000);
  const leaving = useRef(false);
  const prompt = useRef<HTMLDivElement>(null);
  const base = `/api/sessions/${sessionId}/satisfaction`;

  const leave = useCallback((close: boolean) => {
    if (leaving.current) return;
    leaving.current = true;
    if (!close) return onDone();
    // Best effort: a survey the screen could not close closes at its deadline on the agent.
    void api.post(`${base}/close`).catch(() => undefined).then(onDone);
  }, []);
  const skip = useCallback(() => leave(true), [leave]);
  useBackHandler(skip);

  // Open the survey; a viewing whose end is still on its way to the agent is asked again for a moment.
  useEffect(() => {
    let live = true;
    (async () => {
      for (let attempt = 0; attempt < OPEN_TRIES && live; attempt++) {
        try {
          const reply = await api.post<Reply>(base);
          if (!live) return;
          if (reply.survey.state === 'closed') return leave(false);
          deadline.current = Date.now() + IDLE_SECONDS * 1000;
          setSurvey(reply.survey);
          return;
        } catch (err) {
          if (!(err instanceof ApiFailure && err.code === 'session_not_ended')) break;
          await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_MS));
        }
      }
      // Nobody present, not a group viewing, no agent: nothing to ask.
      if (live) leave(false);
    })();
    return () => {
      live = false;
    };
  }, []);

  // The countdown, from a deadline so a busy frame never stretches it.
  useEffect(() => {
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline.current - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left === 0 && survey) leave(true);
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [survey !== null]);

  // The question takes the focus once it is on the screen (the screen first shows "opening…", with nothing to focus).
  useEffect(() => {
    if (survey !== null) prompt.current?.focus();
  }, [survey !== null]);

  useCardTaps(survey !== null, (uid) => {
    setCard(uid);
    setMessage(toast(t('satisfaction.card'), 'ok'));
    deadline.current = Date.now() + IDLE_SECONDS * 1000;
  });

  const answer = async (choice: SatisfactionAnswer) => {
    const cardUid = card;
    setCard(null);
    try {
      const reply = await api.post<Reply>(`${base}/answers`, cardUid === null ? { answer: choice } : { answer: choice, cardUid });
      setSurvey(reply.survey);
      setMessage(toast(t('satisfaction.thanks'), 'ok'));
      const full = reply.survey.figures.answers >= reply.survey.present;
      deadline.current = Date.now() + (full ? FULL_CLOSE_MS : IDLE_SECONDS * 1000);
    } catch (err) {
      // Every refusal of the agent, and a lost connection, arrives as ApiFailure; anything else is the screen's own.
      setMessage(toast(err instanceof ApiFailure ? refusalText(err) : err instanceof Error ? err.message : String(err), 'warn'));
      if (err instanceof ApiFailure && err.code === 'survey_closed') leave(false);
    }
    prompt.current?.focus();
  };

  if (!survey) {
    return (
      <div class="satisfaction satisfaction-loading" data-testid="satisfaction">
        <p>{t('satisfaction.loading')}</p>
      </div>
    );
  }
  return (
    <div class="satisfaction" data-testid="satisfaction">
      <header class="satisfaction-header">
        <h1>{t('satisfaction.heading')}</h1>
        <p class="satisfaction-title">{survey.title}</p>
      </header>
      {/* The neutral place the focus starts from and returns to: OK here answers nothing. */}
      <div class="satisfaction-question" tabIndex={0} ref={prompt} data-autofocus data-testid="satisfaction-question">
        <h2>{t('satisfaction.question')}</h2>
        <p class="satisfaction-hint">{card !== null ? t('satisfaction.card') : t('satisfaction.hint')}</p>
      </div>
      <div class="satisfaction-choices" data-focus-section>
        {CHOICES.map((c) => (
          <button key={c} type="button" class={`satisfaction-choice satisfaction-${c}`} data-testid={`satisfaction-${c}`} onClick={() => void answer(c)}>
            {t(`satisfaction.${c}`)}
          </button>
        ))}
      </div>
      <footer class="satisfaction-footer">
        <span data-testid="satisfaction-count">
          {t('satisfaction.count', { n: survey.figures.answers })}
          {t('satisfaction.present', { n: survey.present })}
        </span>
        <span data-testid="satisfaction-countdown">{t('satisfaction.countdown', { n: secondsLeft })}</span>
      </footer>
      <Toast message={message} durationMs={2_500} />
    </div>
  );
}
