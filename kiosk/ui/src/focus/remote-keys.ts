// TV-remote navigation for the whole UI: arrows move the focus spatially, OK activates, Back goes back.
// Keyboards, mice and touch keep working as usual beside it.
import { pickNext, type Direction } from './spatial.ts';

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
/** What remotes send for Back: Escape on most Linux keymaps, BrowserBack/GoBack on others. */
const BACK_KEYS = new Set(['Escape', 'BrowserBack', 'GoBack', 'Back']);
const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'range', 'file'].includes(el.type);
}

/** The innermost open dialog (data-focus-scope) holds the focus; otherwise the whole document. */
function focusScope(): ParentNode {
  const scopes = document.querySelectorAll('[data-focus-scope]');
  return scopes.length > 0 ? scopes[scopes.length - 1]! : document;
}

export function focusables(scope: ParentNode = focusScope()): HTMLElement[] {
  return [...scope.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  });
}

/** Focuses the element a screen marked with data-autofocus, else its first focusable element. */
export function focusFirst(scope: ParentNode = focusScope()): void {
  const preferred = scope.querySelector<HTMLElement>('[data-autofocus]');
  (preferred ?? focusables(scope)[0])?.focus();
}

export function moveFocus(direction: Direction): boolean {
  const scope = focusScope();
  const items = focusables(scope);
  const current = document.activeElement as HTMLElement | null;
  if (!current || current === document.body || !items.includes(current)) {
    focusFirst(scope);
    return true;
  }
  const others = items.filter((el) => el !== current);
  const index = pickNext(current.getBoundingClientRect(), others.map((el) => el.getBoundingClientRect()), direction);
  if (index < 0) return false;
  const next = others[index]!;
  next.focus();
  next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  return true;
}

export function installRemoteNavigation(onBack: () => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const active = document.activeElement;
    const direction = ARROWS[e.key];
    if (direction) {
      // Inside a text field, left/right move the caret and up/down leave the field.
      if (isTextField(active) && (direction === 'left' || direction === 'right')) {
        const atStart = active.selectionStart === 0 && active.selectionEnd === 0;
        const atEnd = active.selectionStart === active.value.length;
        if (!(direction === 'left' ? atStart : atEnd)) return;
      }
      if (active instanceof HTMLSelectElement && (direction === 'up' || direction === 'down')) return;
      if (moveFocus(direction)) e.preventDefault();
      return;
    }
    if (BACK_KEYS.has(e.key) || (e.key === 'Backspace' && !isTextField(active))) {
      e.preventDefault();
      onBack();
      return;
    }
    // OK on a focusable that is not natively clickable (a tile with tabindex) activates it.
    if (e.key === 'Enter' && active instanceof HTMLElement && active.matches('[tabindex]:not(button):not(a):not(input)')) {
      e.preventDefault();
      active.click();
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
