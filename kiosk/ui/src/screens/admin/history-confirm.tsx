// The question before a roster change alters records already printed, exported or reported (the agent refuses it
// with history_confirm_needed and the months): 确认 sends it again with confirm=true, 取消 (or Back) changes nothing.
// `useConfirmedWrite` is that round trip for any admin form: the busy flag, the problem line and the question.
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { t } from '../../i18n/i18n.ts';
import { failureText } from './admin-api.ts';
import { monthTitle } from './fields.tsx';

export interface ConfirmedWrite {
  busy: boolean;
  /** What went wrong, in the person's language; null when nothing did. */
  problem: string | null;
  setProblem: (text: string | null) => void;
  /**
   * Runs `write(false)`; when the agent asks for confirmation, shows the question, and 确认 runs `write(true)`.
   * `done` gets the answer of a write that went through; any other failure becomes `problem`.
   */
  run: <T>(write: (confirm: boolean) => Promise<T>, done: (answer: T) => void) => Promise<void>;
  /** The question while it is asked (render it with the form), else null. */
  question: VNode | null;
}

/**
 * `record`: the question of a change of a month's records that is not a roster change. `describe`: how a failure
 * reads, when the form also fails for reasons of its own before anything is sent.
 */
export function useConfirmedWrite(options: { record?: boolean; describe?: (err: unknown) => string } = {}): ConfirmedWrite {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [ask, setAsk] = useState<{ months: string[]; again: () => void } | null>(null);
  const describe = options.describe ?? failureText;

  const run = async <T,>(write: (confirm: boolean) => Promise<T>, done: (answer: T) => void, confirm = false): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await write(confirm);
      setAsk(null);
      done(answer);
    } catch (err) {
      const months = monthsToConfirm(err);
      if (months !== null && !confirm) setAsk({ months, again: () => void run(write, done, true) });
      else setProblem(describe(err));
    } finally {
      setBusy(false);
    }
  };

  const question = ask && (
    <HistoryConfirm
      record={options.record}
      months={ask.months}
      busy={busy}
      onConfirm={ask.again}
      onCancel={() => {
        setAsk(null);
        setProblem(t(options.record ? 'admin.history.recordCancelled' : 'admin.history.cancelled'));
      }}
    />
  );
  return { busy, problem, setProblem, run: (write, done) => run(write, done), question };
}

/** The months of a refusal that asks for confirmation, or null for any other failure. */
function monthsToConfirm(err: unknown): string[] | null {
  return err instanceof ApiFailure && err.code === 'history_confirm_needed' ? [...((err.params as { months?: readonly string[] }).months ?? [])] : null;
}

/** `record`: a change of a month's records that is not a roster change (an excusal, a viewing's tutor). */
function HistoryConfirm(props: { months: string[]; busy: boolean; onConfirm: () => void; onCancel: () => void; record?: boolean }) {
  return (
    <Dialog title={t('admin.history.title')} onClose={props.onCancel} testId="history-confirm">
      <p class="adm-confirm-text" data-testid="history-question">
        {t(props.record ? 'admin.history.recordQuestion' : 'admin.history.question', { months: props.months.map(monthTitle).join('、') })}
      </p>
      <p class="adm-confirm-text">{t(props.record ? 'admin.history.recordAdvice' : 'admin.history.advice')}</p>
      <div class="adm-actions">
        {/* Cancel first: the remote's OK on the first button must not change records. */}
        <button type="button" class="btn" data-testid="history-cancel" onClick={props.onCancel}>
          {t('admin.history.cancel')}
        </button>
        <button type="button" class="btn btn-danger" data-testid="history-confirm-ok" disabled={props.busy} onClick={props.onConfirm}>
          {t('admin.history.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
