// A short message over the screen ("张三 签到成功"), gone after a few seconds.
import { useEffect, useState } from 'preact/hooks';

export interface ToastMessage {
  text: string;
  kind: 'ok' | 'warn' | 'error';
  /** A new id shows the same text again. */
  id: number;
}

export function Toast({ message, durationMs = 3_500 }: { message: ToastMessage | null; durationMs?: number }) {
  const [shown, setShown] = useState<ToastMessage | null>(message);
  useEffect(() => {
    setShown(message);
    if (!message) return;
    const timer = setTimeout(() => setShown(null), durationMs);
    return () => clearTimeout(timer);
  }, [message?.id]);
  if (!shown) return null;
  return (
    <div class={`toast toast-${shown.kind}`} role="status" data-testid="toast">
      {shown.text}
    </div>
  );
}

let nextId = 1;
export function toast(text: string, kind: ToastMessage['kind'] = 'ok'): ToastMessage {
  return { text, kind, id: nextId++ };
}
