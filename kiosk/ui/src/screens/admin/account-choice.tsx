// The admin entry's first step when the station has several accounts: who you are, a short list of names
// moved through with the remote's arrows and chosen with OK. Then that account's PIN pad.
import { useEffect, useRef } from 'preact/hooks';
import { focusFirst } from '../../focus/remote-keys.ts';
import { t } from '../../i18n/i18n.ts';
import type { AdminAccount } from '../../admin-session.ts';
import { ROLE_KEYS } from './admin-roles.ts';

export function AccountChoice(props: { accounts: AdminAccount[]; lastChosen: number | null; onChoose: (account: AdminAccount) => void; onExit: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);
  return (
    <section class="adm-pin-panel" data-testid="admin-who" ref={ref}>
      <h1 class="adm-pin-title">{t('admin.login.title')}</h1>
      <p class="adm-pin-explain">{t('admin.who.title')}</p>
      <div class="adm-who-list" role="list" data-focus-section="contain">
        {props.accounts.map((a) => (
          <button
            key={a.id}
            type="button"
            role="listitem"
            class="btn adm-who"
            data-testid={`admin-who-${a.id}`}
            data-autofocus={a.id === props.lastChosen ? true : undefined}
            onClick={() => props.onChoose(a)}
          >
            <span class="adm-who-name">{a.name}</span>
            <span class="tag">{t(ROLE_KEYS[a.role])}</span>
          </button>
        ))}
      </div>
      <button type="button" class="btn adm-pin-back" onClick={props.onExit}>{t('admin.backToBoard')}</button>
    </section>
  );
}
