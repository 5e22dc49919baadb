// Admin mode (管理): the PIN, the forced change of the default PIN, then the tab column and the chosen tab.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { adminLogout } from '../../admin-session.ts';
import { useBackHandler } from '../../navigation.ts';
import { focusFirst } from '../../focus/remote-keys.ts';
import { currentLocale, t, type MessageKey } from '../../i18n/i18n.ts';
import { station } from '../../station-store.ts';
import { Toast, toast, type ToastMessage } from '../../components/toast.tsx';
import { setSessionExpiredHandler } from './admin-api.ts';
import { AdminContext, useStable, type AdminTools } from './admin-hooks.ts';
import { ChangePinSteps, LoginStep } from './pin-steps.tsx';
import { PinResetSteps } from './pin-reset-steps.tsx';
import { ScheduleTab } from './schedule-tab.tsx';
import { LibraryTab } from './library-tab.tsx';
import { RosterTab } from './roster-tab.tsx';
import { RecordsTab } from './records-tab.tsx';
import { DeviceTab } from './device-tab.tsx';
import { SettingsTab } from './settings-tab.tsx';

type Phase = { kind: 'login'; notice: string | null } | { kind: 'change'; pin: string } | { kind: 'reset' } | { kind: 'main' };

const TABS = ['schedule', 'library', 'roster', 'records', 'device', 'settings'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  schedule: 'admin.tab.schedule',
  library: 'admin.tab.library',
  roster: 'admin.tab.roster',
  records: 'admin.tab.records',
  device: 'admin.tab.device',
  settings: 'admin.tab.settings',
};

export function AdminScreen(props: { onExit: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'login', notice: null });
  const [tab, setTab] = useState<Tab>('schedule');
  const [message, setMessage] = useState<ToastMessage | null>(null);
  const tabsRef = useRef<HTMLElement>(null);
  const contentRef = useRef<HTMLElement>(null);

  const exit = useStable(() => {
    void adminLogout().catch(() => undefined);
    props.onExit();
  });

  // An admin session the agent has forgotten (idle 15 minutes, or it restarted) goes back to the PIN pad.
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

  if (phase.kind === 'login') {
    return (
      <div class="adm adm-centre">
        <LoginStep
          notice={phase.notice}
          onExit={exit}
          onLoggedIn={(pin, mustChange) => setPhase(mustChange ? { kind: 'change', pin } : { kind: 'main' })}
          onForgot={() => setPhase({ kind: 'reset' })}
        />
      </div>
    );
  }
  if (phase.kind === 'reset') {
    return (
      <div class="adm adm-centre">
        <PinResetSteps
          onCancel={() => setPhase({ kind: 'login', notice: null })}
          onDone={() => {
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
          forced
          onCancel={exit}
          onDone={() => {
            setPhase({ kind: 'main' });
            setMessage(toast(t('admin.pin.changed')));
          }}
        />
        <Toast message={message} />
      </div>
    );
  }

  return (
    <AdminContext.Provider value={tools}>
      <div class="adm adm-main" data-testid="admin-main">
        <nav class="adm-tabs" role="tablist" aria-label={t('admin.title')} ref={tabsRef}>
          <div class="adm-tabs-title">{t('admin.title')}</div>
          {TABS.map((id) => (
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
          <button type="button" class="btn adm-tab adm-tab-exit" data-testid="tab-exit" onClick={exit}>
            {t('admin.tab.exit')}
          </button>
        </nav>
        <main class="adm-content" role="tabpanel" ref={contentRef} data-testid={`panel-${tab}`}>
          {tab === 'schedule' && <ScheduleTab />}
          {tab === 'library' && <LibraryTab />}
          {tab === 'roster' && <RosterTab />}
          {tab === 'records' && <RecordsTab />}
          {tab === 'device' && <DeviceTab />}
          {tab === 'settings' && <SettingsTab />}
        </main>
        <Toast message={message} />
      </div>
    </AdminContext.Provider>
  );
}
