// Targets (by grade, by station list), delivery state and live broadcasts (issue 17).
export const zh = {
  'target.label': '发送范围',
  'target.kind.all': '全部站点',
  'target.kind.grades': '按站点类别',
  'target.kind.stations': '按站点名单',
  'target.filter': '按名称查找站点',
  'target.chosen': '已选 {n} 个站点',
  'target.error.grades': '请至少选一个站点类别',
  'target.error.stations': '请至少选一个站点',
  'target.col': '范围',
  'target.cell.grades': '类别：{grades}',
  'target.cell.stations': '{n} 个站点',
};

export const en: Record<keyof typeof zh, string> = {
  'target.label': 'Target',
  'target.kind.all': 'All stations',
  'target.kind.grades': 'By site grade',
  'target.kind.stations': 'A list of stations',
  'target.filter': 'Find a station by name',
  'target.chosen': '{n} stations chosen',
  'target.error.grades': 'Choose at least one site grade',
  'target.error.stations': 'Choose at least one station',
  'target.col': 'Target',
  'target.cell.grades': 'Grades: {grades}',
  'target.cell.stations': '{n} stations',
};
