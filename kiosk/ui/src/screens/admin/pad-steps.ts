// The step machinery of the PIN-pad flows (PIN change, PIN reset): which step, its notice, and a new
// pad for every step and every retry, with the remote's focus put back on it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { focusFirst } from '../../focus/remote-keys.ts';

export function usePadSteps<Step extends string>(initial: Step) {
  const [step, setStep] = useState<Step>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  // A new key for every step and every retry starts the pad empty.
  const [attempt, setAttempt] = useState(0);
  const ref = useRef<HTMLElement>(null);
  // Each step draws a new pad: put the remote's focus back on it.
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, [step, attempt]);
  const go = (next: Step, message: string | null) => {
    setStep(next);
    setNotice(message);
    setAttempt((a) => a + 1);
  };
  return { step, notice, attempt, ref, go, padKey: `${step}-${attempt}` };
}
