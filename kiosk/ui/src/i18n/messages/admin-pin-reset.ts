// Strings of the forgotten-PIN flow: the county's one-time reset code, then a new PIN.
export const zh = {
  'pinReset.forgot': '忘记 PIN',
  'pinReset.title': '用县级重置码重置 PIN',
  'pinReset.explain': '请联系县级平台，说明本站名称，索取 10 位 PIN 重置码（24 小时内有效，只能使用一次）。',
  'pinReset.code': '请输入 10 位重置码',
  'pinReset.codeAccepted': '重置码有效（签发于 {issued}，{expires} 前有效），请设置新 PIN',
  'pinReset.wrongWait': '重置码不正确，请 {n} 秒后再试',
  'pinReset.tooMany': '重置码错误次数过多，请 {n} 秒后再试',
  'pinReset.done': 'PIN 已重置，已进入管理模式',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'pinReset.forgot': 'Forgot PIN',
  'pinReset.title': 'Reset the PIN with a county code',
  'pinReset.explain': 'Call the county hub, name this station and ask for a 10-digit PIN reset code (valid 24 hours, once).',
  'pinReset.code': 'Enter the 10-digit code',
  'pinReset.codeAccepted': 'The code is valid (issued {issued}, valid until {expires}); choose a new PIN',
  'pinReset.wrongWait': 'Wrong code; try again in {n} s',
  'pinReset.tooMany': 'Too many wrong codes; try again in {n} s',
  'pinReset.done': 'PIN reset; admin mode is open',
};
