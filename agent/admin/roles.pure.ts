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

const WHAT: Record<Permission, { zh: string; en: string }> = {
  accounts: { zh: '管理账户', en: 'manage accounts' },
  settings: { zh: '修改站点设置', en: 'change the station settings' },
  roster: { zh: '管理党员名册', en: 'manage the roster' },
  schedule: { zh: '安排节目', en: 'change the schedule' },
  library: { zh: '管理课件', en: 'manage the courseware library' },
  play: { zh: '播放或停止节目', en: 'play or stop a showing' },
  viewing: { zh: '开始集中收看', en: 'start a group viewing' },
  checkin: { zh: '更正签到', en: 'correct check-ins' },
  records: { zh: '查看记录', en: 'view the records' },
  device: { zh: '管理设备', en: 'manage the device' },
};

/** The refusal a person reads when his role does not allow an action. */
export function refusalMessage(role: Role, permission: Permission): string {
  const label = ROLE_LABELS[role];
  const article = role === 'tutor' ? 'a' : 'an';
  return `${label.zh}账户无权${WHAT[permission].zh} / ${article} ${label.en} account may not ${WHAT[permission].en}`;
}
