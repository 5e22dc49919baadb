// The equipment register (站点设备登记表): what the station was issued, with model, quantity, date and condition. Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument } from '../../../common/documents/document.pure.ts';

export interface EquipmentItem {
  name: string;
  model: string | null;
  quantity: number;
  /** 'YYYY-MM-DD', or null when not known. */
  issuedOn: string | null;
  condition: string | null;
  notes?: string | null;
}

export interface EquipmentInput {
  station: { id: string; name: string };
  generatedAt: string;
  asOf: string;
  items: EquipmentItem[];
}

export function equipmentDocument(input: EquipmentInput): ExportDocument {
  return {
    kind: 'equipment',
    title: KIND_TITLES.equipment.zh,
    station: input.station,
    period: { from: input.asOf, to: input.asOf, label: `截至 ${input.asOf}` },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary: [
      { key: 'items', label: '登记项目', type: 'integer', value: input.items.length },
      { key: 'quantity', label: '设备总数', type: 'integer', value: input.items.reduce((a, i) => a + i.quantity, 0) },
    ],
    sections: [
      {
        id: 'equipment',
        title: '设备',
        columns: [
          { key: 'no', title: '序号', type: 'integer', width: 5 },
          { key: 'name', title: '设备名称', type: 'text', width: 20 },
          { key: 'model', title: '型号', type: 'text', width: 18 },
          { key: 'quantity', title: '数量', type: 'integer', width: 6 },
          { key: 'issuedOn', title: '配发日期', type: 'date', width: 11 },
          { key: 'condition', title: '状况', type: 'text', width: 10 },
          { key: 'notes', title: '备注', type: 'text', width: 18 },
        ],
        rows: input.items.map((item, i) => ({
          no: i + 1,
          name: item.name,
          model: item.model ?? '',
          quantity: item.quantity,
          issuedOn: item.issuedOn,
          condition: item.condition ?? '',
          notes: item.notes ?? '',
        })),
        totals: input.items.length > 0 ? { no: '合计', quantity: input.items.reduce((a, i) => a + i.quantity, 0) } : undefined,
        emptyText: '设备登记表为空：本站点尚未登记设备',
      },
    ],
    notes: input.items.length === 0 ? ['设备登记表为空：本站点尚未登记设备。设备登记后，本表按登记内容生成。'] : [],
    signatures: ['站点管理员（签字）'],
  };
}
