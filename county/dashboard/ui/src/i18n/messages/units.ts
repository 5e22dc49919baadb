// The org tree where staff meet it when managing users and stations: a unit picker and a unit column.
export const zh = {
  'units.field': '所属单位',
  'units.own': '本单位（{name}）',
  'units.top': '全平台',
  'units.col': '所属单位',
  'units.reach': '发送到（及其下级）',
  'units.level.province': '省',
  'units.level.city': '市',
  'units.level.county': '县',
  'units.level.township': '乡镇',
};

export const en: Record<keyof typeof zh, string> = {
  'units.field': 'Unit',
  'units.own': 'My unit ({name})',
  'units.top': 'Whole hub',
  'units.col': 'Unit',
  'units.reach': 'Send to (and the units below)',
  'units.level.province': 'Province',
  'units.level.city': 'City',
  'units.level.county': 'County',
  'units.level.township': 'Township',
};
