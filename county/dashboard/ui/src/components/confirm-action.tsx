// Asking before a change that is not taken back lightly (delete, retire, disable, a new enrollment code):
// which record the question is about, the question, and the change, with the hub's refusal shown inside the
// dialog so the person sees why nothing happened.
import { useState } from 'preact/hooks';
import { useAction, type Action } from '../use-action.ts';
import { ConfirmDialog } from './dialog.tsx';

export interface Confirmation<T> {
  /** The record being asked about; null while no question is open. */
  subject: T | null;
  ask(subject: T): void;
  /** Closes the question (without touching the action's error: see ConfirmAction's cancel). */
  close(): void;
  action: Action;
}

export function useConfirmation<T>(): Confirmation<T> {
  const [subject, setSubject] = useState<T | null>(null);
  return { subject, ask: setSubject, close: () => setSubject(null), action: useAction() };
}

export function ConfirmAction<T>({
  confirmation,
  title,
  message,
  confirmLabel,
  perform,
  onDone,
}: {
  confirmation: Confirmation<T>;
  title: (subject: T) => string;
  message: (subject: T) => string;
  confirmLabel: (subject: T) => string;
  /** Makes the change through `action`; resolves true when the question is answered and the dialog may close. */
  perform: (subject: T, action: Action) => Promise<boolean>;
  /** After the dialog closed on a change: reload the list. */
  onDone: () => void;
}) {
  const { subject, close, action } = confirmation;
  if (subject === null) return null;
  return (
    <ConfirmDialog
      title={title(subject)}
      message={message(subject)}
      confirmLabel={confirmLabel(subject)}
      busy={action.busy}
      error={action.error}
      onConfirm={() =>
        void perform(subject, action).then((done) => {
          if (!done) return;
          close();
          onDone();
        })
      }
      onCancel={() => {
        action.clear();
        close();
      }}
    />
  );
}
