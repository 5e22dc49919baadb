// A labelled form control with its hint and its error under it.
import type { ComponentChildren } from 'preact';

export function Field({ label, hint, error, children, class: className }: { label: string; hint?: string; error?: string | null; children: ComponentChildren; class?: string }) {
  return (
    <label class={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <span class="field-label">{label}</span>
      {children}
      {hint && !error && <span class="field-hint">{hint}</span>}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

/** The value of an input from its event. */
export function inputValue(e: Event): string {
  return (e.target as HTMLInputElement).value;
}
