// A program's or notice's target in a table cell: all, its grades, or how many stations it names.
import { t } from '../i18n/i18n.ts';

export function targetCell(record: { grades?: readonly string[]; stationIds?: readonly string[] }): string {
  if (record.grades) return t('target.cell.grades', { grades: record.grades.map((g) => t(`grade.${g as 'standard'}`)).join('、') });
  if (record.stationIds) return t('target.cell.stations', { n: record.stationIds.length });
  return t('target.kind.all');
}
