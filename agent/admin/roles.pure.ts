// Who may do what in admin mode: the station's administrator (管理员) everything, an operator (操作员) the
// daily running of the station, a study tutor (辅导员) the group viewing he leads and the records. Pure.

export const ROLES = ['administrator', 'operator', 'tutor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  administrator: { zh: '管理员', en: 'administrator' },
  operator: { zh: '操作员', en: 'operator' },
  tutor: { zh: '辅导员', en: 'tutor' },
};

export const PERMISSIONS = [
  'accounts', // add, edit, deactivate accounts; reset another's PIN
  'settings', // station settings, notices, hub address
  'roster', // members, excusals, roster import
  'schedule', // programs
  'library', // courseware imports and removals
  'play', // play now (background too) and stop any showing
  'viewing', // start a group viewing and choose its tutor
  'checkin', // check-in corrections (undo)
  'records', // view and export records, reports, the station log
  'device', // device health and the equipment register
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  administrator: PERMISSIONS,
  operator: ['schedule', 'library', 'play', 'viewing', 'checkin', 'records', 'device'],
  tutor: ['viewing', 'records'],
};

export function may(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

/** The refusal a person reads when his role does not allow an action: the role and the permission, as data. */
export function notPermitted(role: Role, permission: Permission): { role: Role; permission: Permission } {
  return { role, permission };
}
