// The dashboard: the login until someone is logged in, then the frame with the page the address names.
// A viewer reaching an administrator's page (a bookmark) is told so rather than shown a broken page.
import { useEffect } from 'preact/hooks';
import { useObservable } from './observable.ts';
import { session, restoreSession } from './session.ts';
import { useRoute, type Route } from './routing.ts';
import { t, useLocale } from './i18n/i18n.ts';
import type { StaffUser } from './api-types.ts';
import { Layout } from './components/layout.tsx';
import { Toasts } from './components/toasts.tsx';
import { Empty, Loading } from './components/load-state.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { PasswordPage } from './pages/password-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { StationPage } from './pages/station-page.tsx';
import { AlertsPage } from './pages/alerts-page.tsx';
import { ProgramsPage } from './pages/programs-page.tsx';
import { NoticesPage } from './pages/notices-page.tsx';
import { PolicyPage } from './pages/policy-page.tsx';
import { StationsPage } from './pages/stations-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { NotifyPage } from './pages/notify-page.tsx';
import { MyStationsPage } from './pages/my-stations-page.tsx';

function Page({ route, user }: { route: Route; user: StaffUser }) {
  const admin = user.role === 'county_admin';
  // A 党建指导员 sees their own stations, not a unit's: 我的站点 is their home.
  if (user.role === 'instructor' && route.page === 'overview') return <MyStationsPage route={{ page: 'mine', month: route.month }} />;
  switch (route.page) {
    case 'mine':
      return <MyStationsPage route={route} />;
    case 'overview':
      return <OverviewPage route={route} />;
    case 'station':
      // Keyed by station: another station's page starts afresh, not from this one's data.
      return <StationPage key={route.id} route={route} />;
    case 'alerts':
      return <AlertsPage route={route} />;
    case 'programs':
      return <ProgramsPage admin={admin} />;
    case 'notices':
      return <NoticesPage admin={admin} />;
    case 'policy':
      return <PolicyPage admin={admin} />;
    case 'stations':
      return <StationsPage admin={admin} />;
    case 'users':
      return admin ? <UsersPage me={user} /> : <Empty testid="forbidden">{t('error.forbidden')}</Empty>;
    case 'notify':
      return admin ? <NotifyPage me={user} /> : <Empty testid="forbidden">{t('error.forbidden')}</Empty>;
    case 'password':
      return <PasswordPage forced={false} />;
  }
}

export function App() {
  useLocale();
  const state = useObservable(session);
  const route = useRoute();
  useEffect(() => void restoreSession(), []);
  useEffect(() => {
    document.title = t('app.title');
  });

  let body;
  if (state.status === 'checking') body = <Loading />;
  else if (state.status === 'out') body = <LoginPage notice={state.notice} />;
  else
    body = (
      <Layout session={state} route={route}>
        {state.mustChangePassword ? <PasswordPage forced /> : <Page route={route} user={state.user} />}
      </Layout>
    );
  return (
    <>
      {body}
      <Toasts />
    </>
  );
}
