// Admin mode (管理): who you are, your PIN, the forced change of a default or one-time PIN, then the tab column
// (the tabs your role may use) and the chosen tab.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { adminLogout, loginAccounts, type AdminAccount } from '../../admin-session.ts';
import { useBackHandler } from '../../navigation.ts';
import { focusFirst } from '../../focus/remote-keys.ts';
import { currentLocale, t, type MessageKey } from '../../i18n/i18n.ts';
import { station } from '../../station-store.ts';
import { Toast, toast, type ToastMessage } from '../../components/toast.tsx';
import { setSessionExpiredHandler } from './admin-api.ts';
import { AdminContext, useStable, type AdminTools } from './admin-hooks.ts';
import { ChangePinSteps, LoginStep } from './pin-steps.tsx';
import { PinResetSteps } from './pin-reset-steps.tsx';
import { ScheduleTab } from './schedule/schedule-tab.tsx';
import { LibraryTab } from './library/library-tab.tsx';
import { RosterTab } from './roster/roster-tab.tsx';
import { RecordsTab } from './records/records-tab.tsx';
import { DeviceTab } from './device/device-tab.tsx';
import { SettingsTab } from './settings/settings-tab.tsx';
import { AccountsTab } from './accounts/accounts-tab.tsx';
import { ViewingTab } from './viewing/viewing-tab.tsx';
import { ActivitiesTab } from './activities/activities-tab.tsx';
import { AccountChoice } from './account-choice.tsx';
import { ROLE_KEYS, tabsFor, type AdminTab } from './admin-roles.ts';
import { ComplianceLine } from '../../components/compliance-line.tsx';

type Phase =
  | { kind: 'loading' }
  | { kind: 'choose' }
  | { kind: 'login'; notice: string | null }
  | { kind: 'change'; pin: string | undefined; forced: boolean }
  | { kind: 'reset' }
  | { kind: 'main' };

const TAB_LABELS: Record<AdminTab, MessageKey> = {
  viewing: 'admin.tab.viewing',
  accounts: 'admin.tab.accounts',
  schedule: 'admin.tab.schedule',
  library: 'admin.tab.library',
  roster: 'admin.tab.roster',
  records: 'admin.tab.records',
  device: 'admin.tab.device',
  settings: 'admin.tab.settings',
  activities: 'admin.tab.activities',
};

export function AdminScreen(props: { onExit: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  // The accounts offered at the entry (one: no choice), the one chosen, and the one logged in.
  const [accounts, setAccounts] = useState<AdminAccount[]>([]);
  const [chosen, setChosen] = useState<AdminAccount | null>(null);
  const [who, setWho] = useState<AdminAccount | null>(null);
  const [tab, setTab] = useState<AdminTab>('schedule');
  const [message, setMessage] = useState<ToastMessage | null>(null);
  const tabsRef = useRef<HTMLElement>(null);
  const contentRef = useRef<HTMLElement>(null);

  const exit = useStable(() => {
    void adminLogout().catch(() => undefined);
    props.onExit();
  });

  useEffect(() => {
    let live = true;
    loginAccounts()
      .then((list) => {
        if (!live) return;
        setAccounts(list);
        setPhase(list.length > 1 ? { kind: 'choose' } : { kind: 'login', notice: null });
      })
      // An older agent, or none answering: the PIN pad as before, for the administrator.
      .catch(() => live && setPhase({ kind: 'login', notice: null }));
    return () => {
      live = false;
    };
  }, []);

  // An admin session the agent has forgotten (idle 15 minutes, or it restarted) goes back to the same PIN pad.
  useEffect(() => {
    setSessionExpiredHandler(() => setPhase({ kind: 'login', notice: t('admin.expired') }));
    return () => setSessionExpiredHandler(null);
  }, []);
  // Leaving the screen any way (Exit, or a program starting takes the screen) ends admin mode: the room is shared.
  useEffect(() => () => void adminLogout().catch(() => undefined), []);

  // Back: from the content to the tab column, from the tab column (or the PIN pad) out to the board.
  useBackHandler(
    useStable(() => {
      // From the forgotten-PIN steps, Back returns to the PIN pad.
      if (phase.kind === 'reset') {
        setPhase({ kind: 'login', notice: null });
        return;
      }
      const active = document.activeElement;
      // With the focus in the content, or lost (the element holding it was removed), Back goes to the tabs.
      if (phase.kind === 'main' && (contentRef.current?.contains(active) || active === null || active === document.body)) {
        tabsRef.current?.querySelector<HTMLElement>('[aria-selected=true]')?.focus();
        return;
      }
      exit();
    }),
  );

  // Each step puts the focus where the remote needs it: the PIN pad's keys, or the chosen tab.
  useEffect(() => {
    const id = requestAnimationFrame(() => focusFirst());
    return () => cancelAnimationFrame(id);
  }, [phase.kind]);

  const tools = useMemo<AdminTools>(() => ({ notify: (text, kind = 'ok') => setMessage(toast(text, kind)) }), []);

  if (phase.kind === 'loading') return <div class="adm adm-centre" data-testid="admin-loading" />;
  if (phase.kind === 'choose') {
    return (
      <div class="adm adm-centre">
        <AccountChoice
          accounts={accounts}
          lastChosen={chosen?.id ?? null}
          onExit={exit}
          onChoose={(account) => {
            setChosen(account);
            setPhase({ kind: 'login', notice: null });
          }}
        />
      </div>
    );
  }
  if (phase.kind === 'login') {
    return (
      <div class="adm adm-centre">
        <LoginStep
          notice={phase.notice}
          account={accounts.length > 1 ? chosen : null}
          onExit={exit}
          onChooseOther={accounts.length > 1 ? () => setPhase({ kind: 'choose' }) : undefined}
          onLoggedIn={(pin, mustChange, account) => {
            setWho(account);
            const first = tabsFor(account.role)[0]!;
            if (!tabsFor(account.role).includes(tab)) setTab(first);
            setPhase(mustChange ? { kind: 'change', pin, forced: true } : { kind: 'main' });
          }}
          // A county code resets the administrator's PIN; an operator or tutor asks the administrator instead.
          onForgot={accounts.length <= 1 || chosen?.role === 'administrator' ? () => setPhase({ kind: 'reset' }) : undefined}
        />
      </div>
    );
  }
  if (phase.kind === 'reset') {
    return (
      <div class="adm adm-centre">
        <PinResetSteps
          onCancel={() => setPhase({ kind: 'login', notice: null })}
          onDone={(account) => {
            setWho(account);
            if (!tabsFor(account.role).includes(tab)) setTab(tabsFor(account.role)[0]!);
            setPhase({ kind: 'main' });
            setMessage(toast(t('pinReset.done')));
          }}
        />
      </div>
    );
  }
  if (phase.kind === 'change') {
    return (
      <div class="adm adm-centre">
        <ChangePinSteps
          currentPin={phase.pin}
          forced={phase.forced}
          onCancel={phase.forced ? exit : () => setPhase({ kind: 'main' })}
          onDone={() => {
            setPhase({ kind: 'main' });
            setMessage(toast(t('admin.pin.changed')));
          }}
        />
        <Toast message={message} />
      </div>
    );
  }

  // Without an account in the answer (an older agent), everything, as before accounts.
  const tabs = tabsFor(who?.role ?? 'administrator');
  return (
    <AdminContext.Provider value={tools}>
      <div class="adm adm-main" data-testid="admin-main">
        <nav class="adm-tabs" role="tablist" aria-label={t('admin.title')} ref={tabsRef}>
          <div class="adm-tabs-title">{t('admin.title')}</div>
          {tabs.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              class={`btn adm-tab ${tab === id ? 'adm-tab-on' : ''}`}
              aria-selected={tab === id}
              data-autofocus={tab === id ? true : undefined}
              data-testid={`tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(TAB_LABELS[id])}
            </button>
          ))}
          {/* The screen's language: behind the PIN, since the board is the whole room's (the station's default is in 设置). */}
          <button type="button" class="btn adm-tab adm-tab-language" data-testid="tab-language" onClick={() => station.chooseLocale(currentLocale() === 'zh-CN' ? 'en' : 'zh-CN')}>
            {t('admin.tab.language')}
          </button>
          {/* The administrator changes his PIN in 设置; everyone else here. */}
          {who && who.role !== 'administrator' && (
            <button type="button" class="btn adm-tab" data-testid="tab-my-pin" onClick={() => setPhase({ kind: 'change', pin: undefined, forced: false })}>
              {t('admin.tab.myPin')}
            </button>
          )}
          <button type="button" class="btn adm-tab adm-tab-exit" data-testid="tab-exit" onClick={exit}>
            {t('admin.tab.exit')}
          </button>
          {/* Who is in admin mode, under the buttons: the tabs above keep their places on every screen. */}
          {who && (
            <div class="adm-tabs-who" data-testid="admin-who-am-i">
              {t('admin.who.signedIn', { name: who.name, role: t(ROLE_KEYS[who.role]) })}
            </div>
          )}
        </nav>
        <main class="adm-content" role="tabpanel" ref={contentRef} data-testid={`panel-${tab}`}>
          {/* The admin home's first line on every tab: what the month still needs, and who has not studied yet. */}
          <ComplianceLine class="adm-compliance" withMembers testId="admin-compliance" />
          {tab === 'schedule' && <ScheduleTab />}
          {tab === 'library' && <LibraryTab />}
          {tab === 'roster' && <RosterTab />}
          {tab === 'records' && <RecordsTab />}
          {tab === 'device' && <DeviceTab />}
          {tab === 'settings' && <SettingsTab />}
          {tab === 'accounts' && <AccountsTab self={who} />}
          {tab === 'viewing' && <ViewingTab />}
          {tab === 'activities' && <ActivitiesTab />}
        </main>
        <Toast message={message} />
      </div>
    </AdminContext.Provider>
  );
}
