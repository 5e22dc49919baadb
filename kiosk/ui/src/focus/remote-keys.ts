// TV-remote navigation for the whole UI: arrows move the focus spatially, OK activates, Back goes back.
// Keyboards, mice and touch keep working as usual beside it.
//
// The model, in one place: a dialog (data-focus-scope) holds the focus until it closes; a section
// (data-focus-section) is searched first, and a form marked data-focus-section="contain" is never left by an
// arrow — only by its buttons or Back — so Down from 取消 does not land on the sidebar's 退出. Keys marked
// aria-disabled (a letter that finds nobody) are passed over. OK in a form's text field never submits the form.
// Whenever the focus is lost (its element removed by an import, an export, a search), it comes back to the
// nearest part of the screen still there, so a ring is always on the screen.
import { pickNext, type Direction } from './spatial.pure.ts';

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
/** What remotes send for Back: Escape on most Linux keymaps, BrowserBack/GoBack on others. */
const BACK_KEYS = new Set(['Escape', 'BrowserBack', 'GoBack', 'Back']);
const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const SECTION = '[data-focus-section]';

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
    if (el.getAttribute('aria-disabled') === 'true') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  });
}

/** Focuses the element a screen marked with data-autofocus, else its first focusable element. */
export function focusFirst(scope: ParentNode = focusScope()): void {
  const preferred = scope.querySelector<HTMLElement>('[data-autofocus]');
  (preferred ?? focusables(scope)[0])?.focus();
}

function pickAmong(current: HTMLElement, candidates: readonly HTMLElement[], direction: Direction): HTMLElement | null {
  const index = pickNext(current.getBoundingClientRect(), candidates.map((el) => el.getBoundingClientRect()), direction);
  return index < 0 ? null : candidates[index]!;
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
  // The innermost section first, then the one around it, and so on out to the whole screen — unless a section
  // contains the focus, in which case its edge is the edge.
  let next: HTMLElement | null = null;
  for (let section = current.parentElement?.closest<HTMLElement>(SECTION) ?? null; section; section = section.parentElement?.closest<HTMLElement>(SECTION) ?? null) {
    next = pickAmong(current, others.filter((el) => section!.contains(el)), direction);
    if (next || section.dataset.focusSection === 'contain') break;
  }
  if (!next && !current.closest(`${SECTION}[data-focus-section=contain]`)) next = pickAmong(current, others, direction);
  // At a contained edge the key is still the remote's: nothing else scrolls or moves.
  if (!next) return current.closest(`${SECTION}[data-focus-section=contain]`) !== null;
  next.focus();
  next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  return true;
}

/**
 * Brings a lost focus back: into the nearest part of the screen around where it last was that is still on the
 * screen, else the screen's own first choice.
 */
function recoverFocus(lastFocused: HTMLElement | null): void {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  const scope = focusScope();
  for (let el = lastFocused?.parentElement ?? null; el; el = el.parentElement) {
    if (!el.isConnected || !(scope === document || (scope as Element).contains(el))) continue;
    const inside = focusables(el);
    if (inside.length > 0) {
      (el.querySelector<HTMLElement>('[data-autofocus]') ?? inside[0]!).focus();
      return;
    }
  }
  focusFirst(scope);
}

/** `onBack` is told when Back was pressed: the key's own timestamp (navigation.ts, BackHandler). */
export function installRemoteNavigation(onBack: (pressedAt: number) => void): () => void {
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
      onBack(e.timeStamp);
      return;
    }
    // OK in a form's text field never submits the form (a program nobody asked for was made that way).
    if (e.key === 'Enter' && isTextField(active) && active.form) {
      e.preventDefault();
      return;
    }
    // OK on a focusable that is not natively clickable (a tile with tabindex) activates it.
    if (e.key === 'Enter' && active instanceof HTMLElement && active.matches('[tabindex]:not(button):not(a):not(input)')) {
      e.preventDefault();
      active.click();
    }
  };
  window.addEventListener('keydown', onKey);

  // Where the focus was, so that when its element goes (a list redrawn, a dialog closed) it comes back nearby.
  let lastFocused: HTMLElement | null = null;
  const onFocusIn = (e: FocusEvent) => {
    if (e.target instanceof HTMLElement) lastFocused = e.target;
  };
  document.addEventListener('focusin', onFocusIn);
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending || !lastFocused) return;
    // After the screen's own effects have placed the focus, if they did.
    pending = requestAnimationFrame(() => {
      pending = 0;
      if (document.activeElement === document.body || !document.activeElement?.isConnected) recoverFocus(lastFocused);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return () => {
    window.removeEventListener('keydown', onKey);
    document.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
    if (pending) cancelAnimationFrame(pending);
  };
}
