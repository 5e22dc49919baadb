// A page's title line: the title, a line saying what the figures are, and the page's actions on the right.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.ts';

export function PageHeader({ title, subtitle, actions }: { title: ComponentChildren; subtitle?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div class="page-heading">
        <h1>{title}</h1>
        {subtitle && <p class="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}

/** A white panel with a title bar. */
export function Panel({ title, extra, children, testid, class: className }: { title?: ComponentChildren; extra?: ComponentChildren; children: ComponentChildren; testid?: string; class?: string }) {
  return (
    <section class={`panel${className ? ` ${className}` : ''}`} data-testid={testid}>
      {(title || extra) && (
        <div class="panel-head">
          {title && <h2>{title}</h2>}
          {extra && <div class="panel-extra">{extra}</div>}
        </div>
      )}
      <div class="panel-body">{children}</div>
    </section>
  );
}

/** Said on a page a viewer may read but not change, where an administrator has buttons. */
export function ReadOnlyNote() {
  return (
    <span class="pill pill-muted" data-testid="read-only">
      {t('readOnly')}
    </span>
  );
}
