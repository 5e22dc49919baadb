// A station's forgotten admin PIN: the one-time reset code a county administrator issues on its page.
export const zh = {
  'pinReset.panel': '管理 PIN 重置',
  'pinReset.issue': '生成 PIN 重置码',
  'pinReset.explain': '站点管理员忘记管理 PIN 时，生成一次性重置码并电话告知；站点离线也能使用。重置码 24 小时内有效，只能使用一次。',
  'pinReset.confirm': '为“{name}”生成 PIN 重置码？生成记录会写入审计日志。',
  'pinReset.dialogTitle': '“{name}”的 PIN 重置码',
  'pinReset.once': '重置码只显示这一次。请告知站点管理员：在管理 PIN 输入界面选择“忘记 PIN”，输入这 10 位数字后设置新 PIN。',
  'pinReset.notEnrolled': '站点尚未入网或已停用',
  'pinReset.none': '尚未为该站点生成过重置码',
  'pinReset.col.issuedAt': '生成时间',
  'pinReset.col.expiresAt': '有效期至',
  'pinReset.col.issuedBy': '生成人',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'pinReset.panel': 'Admin PIN reset',
  'pinReset.issue': 'Issue a PIN reset code',
  'pinReset.explain': 'When the station administrator forgets the admin PIN, issue a one-time code and read it out on the phone; it works even while the station is offline. Valid 24 hours, once.',
  'pinReset.confirm': 'Issue a PIN reset code for “{name}”? The issue is written to the audit log.',
  'pinReset.dialogTitle': 'PIN reset code for “{name}”',
  'pinReset.once': 'The code is shown only now. Tell the station administrator: choose “Forgot PIN” on the admin PIN pad, type these 10 digits, then set a new PIN.',
  'pinReset.notEnrolled': 'The station has not enrolled, or is retired',
  'pinReset.none': 'No reset code issued for this station yet',
  'pinReset.col.issuedAt': 'Issued',
  'pinReset.col.expiresAt': 'Valid until',
  'pinReset.col.issuedBy': 'Issued by',
};
