// What each role sees in admin mode; the agent refuses the rest anyway (agent/admin/roles.ts), the screen
// only keeps a person from choosing what would be refused.
import type { MessageKey } from '../../i18n/i18n.ts';
import type { AdminRole } from '../../admin-session.ts';

export const ADMIN_TABS = ['viewing', 'schedule', 'library', 'roster', 'records', 'device', 'settings', 'accounts', 'activities'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

const TABS_OF: Record<AdminRole, readonly AdminTab[]> = {
  administrator: ['schedule', 'library', 'roster', 'activities', 'records', 'device', 'settings', 'accounts'],
  operator: ['schedule', 'library', 'activities', 'records', 'device'],
  // A tutor starts the group viewing he leads and looks at the records.
  tutor: ['viewing', 'activities', 'records'],
};

export function tabsFor(role: AdminRole): readonly AdminTab[] {
  return TABS_OF[role];
}

export const ROLE_KEYS: Record<AdminRole, MessageKey> = {
  administrator: 'admin.role.administrator',
  operator: 'admin.role.operator',
  tutor: 'admin.role.tutor',
};
