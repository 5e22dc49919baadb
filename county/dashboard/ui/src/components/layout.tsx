// The frame around every page after login: the title bar (language, user, logout) and the navigation,
// with administration only for county administrators and the number of standing alerts beside 告警. A user
// who must change their password first gets the title bar only: the hub would refuse every page anyway.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { locale, setLocale, t, type MessageKey } from '../i18n/i18n.ts';
import { logOut, type SessionState } from '../session.ts';
import { routeHref, type PageName, type Route } from '../routing.ts';
import { useApi } from '../use-api.ts';
import type { AlertsAnswer } from '../api-types.ts';

interface NavItem {
  page: PageName;
  label: MessageKey;
  adminOnly?: boolean;
}

const GROUPS: { label: MessageKey; items: NavItem[] }[] = [
  { label: 'nav.group.watch', items: [{ page: 'overview', label: 'nav.overview' }, { page: 'alerts', label: 'nav.alerts' }] },
  { label: 'nav.group.send', items: [{ page: 'programs', label: 'nav.programs' }, { page: 'notices', label: 'nav.notices' }, { page: 'policy', label: 'nav.policy' }] },
  { label: 'nav.group.manage', items: [{ page: 'stations', label: 'nav.stations' }, { page: 'users', label: 'nav.users', adminOnly: true }, { page: 'notify', label: 'nav.notify', adminOnly: true }] },
];

// A 党建指导员's: their stations and their alerts; nothing of a unit's, nothing to send or manage.
const INSTRUCTOR_GROUPS: { label: MessageKey; items: NavItem[] }[] = [{ label: 'nav.group.watch', items: [{ page: 'mine', label: 'nav.mine' }, { page: 'alerts', label: 'nav.alerts' }] }];

export function LanguageToggle() {
  return (
    <button type="button" class="lang-toggle" title={t('lang.switch.title')} onClick={() => setLocale(locale.get() === 'en' ? 'zh-CN' : 'en')} data-testid="lang-toggle">
      {t('lang.switch')}
    </button>
  );
}

export function Layout({ session, route, children }: { session: Extract<SessionState, { status: 'in' }>; route: Route; children: ComponentChildren }) {
  const admin = session.user.role === 'county_admin';
  const forced = session.mustChangePassword;
  const alerts = useApi<AlertsAnswer>(forced ? null : '/api/county/alerts');
  // The badge follows what staff do: fresh on every page change (the first page loads it already).
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) firstPage.current = false;
    else if (!forced) alerts.reload();
  }, [route.page]);
  const instructor = session.user.role === 'instructor';
  const home: PageName = instructor ? 'mine' : 'overview';
  const active: PageName = route.page === 'station' || route.page === 'overview' ? home : route.page;
  const alertCount = alerts.data?.alerts.length ?? 0;

  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/overview">
          <span class="brand-mark" aria-hidden="true">远</span>
          <span class="brand-text">
            <span class="brand-title">{t('app.title')}</span>
            <span class="brand-subtitle">{t('app.subtitle')}</span>
          </span>
        </a>
        <div class="topbar-right">
          <LanguageToggle />
          <span class="user" data-testid="current-user">
            <span class="user-name">{session.user.username}</span>
            <span class="user-role">{t(`role.${session.user.role}`)}</span>
          </span>
          {!forced && (
            <a class="topbar-link" href="#/password">
              {t('user.password')}
            </a>
          )}
          <button type="button" class="topbar-link" onClick={() => void logOut()} data-testid="logout">
            {t('user.logout')}
          </button>
        </div>
      </header>
      <nav class="sidebar" aria-label={t('nav.label')}>
        {(forced ? [] : instructor ? INSTRUCTOR_GROUPS : GROUPS).map((group) => (
          <div class="nav-group" key={group.label}>
            <div class="nav-group-label">{t(group.label)}</div>
            {group.items
              .filter((item) => admin || !item.adminOnly)
              .map((item) => (
                <a key={item.page} class={`nav-item${active === item.page ? ' active' : ''}`} href={routeHref({ page: item.page } as Route)} aria-current={active === item.page ? 'page' : undefined} data-nav={item.page}>
                  <span>{t(item.label)}</span>
                  {item.page === 'alerts' && alertCount > 0 && (
                    <span class="badge" data-testid="alert-badge">
                      {alertCount}
                    </span>
                  )}
                </a>
              ))}
          </div>
        ))}
      </nav>
      <main class="content">{children}</main>
    </div>
  );
}
