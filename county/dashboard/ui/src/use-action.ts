// Runs a change against the hub for a form or a button: busy while it runs, the hub's refusal kept for the
// form to show (in the person's language), a toast when it worked.
import { useState } from 'preact/hooks';
import { failureMessage } from './api.ts';
import { toast } from './toast.ts';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Resolves with the result, or undefined when the hub refused (the reason is then in `error`). */
  run<T>(work: () => Promise<T>, success?: string): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    async run(work, success) {
      setBusy(true);
      setError(null);
      try {
        const result = await work();
        if (success) toast.success(success);
        return result;
      } catch (err) {
        setError(failureMessage(err));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    clear: () => setError(null),
  };
}

/** A one-click change outside any form: its outcome, good or bad, as a toast. */
export async function attempt<T>(work: () => Promise<T>, success: string): Promise<T | undefined> {
  try {
    const result = await work();
    toast.success(success);
    return result;
  } catch (err) {
    toast.error(failureMessage(err));
    return undefined;
  }
}
