// 告警通知 (administrators): who hears of alerts in the administrator's subtree, and for administrators over the
// whole hub also the rules per alert kind and the county's SMS account (notify-settings.tsx).
import { t } from '../i18n/i18n.ts';
import { PageHeader } from '../components/page-header.tsx';
import { NotifyContacts } from './notify-contacts.tsx';
import { NotifySettings } from './notify-settings.tsx';
import type { StaffUser } from '../api-types.ts';

export function NotifyPage({ me }: { me: StaffUser }) {
  const hubWide = me.unitId === null;
  return (
    <div class="page" data-testid="notify-page">
      <PageHeader title={t('notify.title')} subtitle={t('notify.subtitle')} />
      <NotifyContacts hubWide={hubWide} />
      {hubWide && <NotifySettings />}
    </div>
  );
}
