// Strings of the shared PIN pad.
export const zh = {
  'pin.entered': '已输入 {n} 位',
  'pin.clear': '删除',
  'pin.wrongWait': 'PIN 错误，请 {n} 秒后再试',
  'pin.tooMany': 'PIN 错误次数过多，请 {n} 秒后再试',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'pin.entered': '{n} digits entered',
  'pin.clear': 'Delete',
  'pin.wrongWait': 'Wrong PIN; try again in {n} s',
  'pin.tooMany': 'Too many wrong PINs; try again in {n} s',
};
