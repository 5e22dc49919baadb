// A modal dialog: holds the remote's focus inside it (data-focus-scope) and closes on Back.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useBackHandler } from '../navigation.ts';
import { focusFirst } from '../focus/remote-keys.ts';

export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useBackHandler(props.onClose);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    // Give the focus back to whatever opened the dialog.
    return () => previous?.focus?.();
  }, []);
  return (
    <div class="dialog-backdrop">
      <div class={`dialog ${props.wide ? 'dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={props.title} data-focus-scope ref={ref} data-testid={props.testId}>
        <h2 class="dialog-title">{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
