// Strings of the shared PIN pad.
export const zh = {
  'pin.entered': '已输入 {n} 位',
  'pin.clear': '删除',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'pin.entered': '{n} digits entered',
  'pin.clear': 'Delete',
};
