// The org tree in the monthly table (issue 16): the heading names the unit by its path (新疆 › 哈密市 › 伊州区),
// and a table gives each child unit — and each station directly under the unit — its figures rolled up, with its
// rank among them. Pure: every figure is the roll-up view's own (views/org-rollup.ts).
import type { Section } from '../../../common/documents/document.pure.ts';
import type { ChildFigures, UnitRef } from '../../views/org-rollup.ts';
import { UNIT_LEVEL_LABELS } from '../../../protocol/org-units.pure.ts';
import type { ExportLanguage } from '../export-request.pure.ts';
import { columnsIn, pick, type ColumnDef } from './county-words.pure.ts';

/** The unit a monthly table is about (path top first) and its children's figures; null on a hub with no tree. */
export interface MonthlyTableUnit {
  path: UnitRef[];
  children: ChildFigures[];
}

const CHILD_COLUMNS: ColumnDef[] = [
  { key: 'rank', zh: '名次', en: 'Rank', type: 'integer', width: 7 },
  { key: 'name', zh: '单位或站点', en: 'Unit or station', type: 'text', width: 26 },
  { key: 'level', zh: '层级', en: 'Level', type: 'text', width: 8, enWidth: 10 },
  { key: 'stations', zh: '站点数', en: 'Stations', type: 'integer', width: 7, enWidth: 9 },
  { key: 'enrolled', zh: '已加入', en: 'Enrolled', type: 'integer', width: 7, enWidth: 9 },
  { key: 'online_now', zh: '在线', en: 'Online now', type: 'integer', width: 7, enWidth: 9 },
  { key: 'online_rate', zh: '在线率', en: 'Online rate', type: 'percent', width: 8, enWidth: 9 },
  { key: 'uptime', zh: '开机率', en: 'Uptime', type: 'percent', width: 8 },
  { key: 'participation_rate', zh: '月参学率', en: 'Participation', type: 'percent', width: 8, enWidth: 12 },
  { key: 'compliant', zh: '达标站点', en: 'Met', type: 'text', width: 9 },
  { key: 'compliance_rate', zh: '达标率', en: 'Met rate', type: 'percent', width: 8, enWidth: 9 },
];

/** What the heading says the table is about: the unit's path, or the whole hub. */
export function scopeName(unit: MonthlyTableUnit | null, enrolled: number, lang: ExportLanguage): string {
  if (unit === null || unit.path.length === 0) return pick(lang, { zh: `全县已加入的站点（${enrolled} 个）`, en: `All enrolled stations (${enrolled})` });
  const path = unit.path.map((u) => u.name).join(' › ');
  return pick(lang, { zh: `${path}（已加入站点 ${enrolled} 个）`, en: `${path} (${enrolled} enrolled stations)` });
}

export function childUnitsSection(unit: MonthlyTableUnit, lang: ExportLanguage): Section {
  return {
    id: 'child_units',
    title: pick(lang, { zh: '下级单位', en: 'Units below' }),
    columns: columnsIn(lang, CHILD_COLUMNS),
    rows: unit.children.map((c) => ({
      rank: c.rank,
      name: c.name,
      level: c.level === null ? pick(lang, { zh: '站点', en: 'Station' }) : pick(lang, UNIT_LEVEL_LABELS[c.level]),
      stations: c.stations,
      enrolled: c.enrolled,
      online_now: c.onlineNow,
      online_rate: c.onlineRate,
      uptime: c.uptime,
      participation_rate: c.participation.rate,
      compliant: `${c.compliant}/${c.inMonth}`,
      compliance_rate: c.complianceRate,
    })),
    emptyText: pick(lang, { zh: '没有下级单位或站点', en: 'No units or stations below' }),
  };
}
