// Short messages after an action ("已保存", or why it failed), shown in a corner for a few seconds.
import { observable } from './observable.ts';

export interface Toast {
  id: number;
  tone: 'success' | 'error';
  text: string;
}

export const toasts = observable<Toast[]>([]);
let nextId = 1;

function show(tone: Toast['tone'], text: string, ms: number): void {
  const id = nextId++;
  toasts.set([...toasts.get(), { id, tone, text }]);
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  toasts.set(toasts.get().filter((t) => t.id !== id));
}

export const toast = {
  success: (text: string) => show('success', text, 4000),
  // A failure stays longer: it usually needs reading.
  error: (text: string) => show('error', text, 10_000),
};
