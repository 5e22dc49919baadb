// Owner of the equipment table: the station's equipment register (设备登记) — what the county issued, in
// what condition. Every change is written with its station-log entry and queued for the county, in one
// transaction; a removed row survives in the log.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';

export const EQUIPMENT_CONDITIONS = ['good', 'fair', 'damaged', 'scrapped'] as const;
export type EquipmentCondition = (typeof EQUIPMENT_CONDITIONS)[number];

export const CONDITION_LABELS: Record<EquipmentCondition, { zh: string; en: string }> = {
  good: { zh: '良好', en: 'Good' },
  fair: { zh: '一般', en: 'Fair' },
  damaged: { zh: '损坏', en: 'Damaged' },
  scrapped: { zh: '报废', en: 'Scrapped' },
};

export interface EquipmentInput {
  name: string;
  model: string | null;
  quantity: number;
  /** Station-local date 'YYYY-MM-DD' the equipment was issued, or null when nobody knows any more. */
  issuedOn: string | null;
  condition: EquipmentCondition;
  notes: string | null;
}

export interface Equipment extends EquipmentInput {
  id: number;
  createdAt: number;
  updatedAt: number;
}

/** The body of the 'health' outbox event queued on every change: the whole register, small and idempotent. */
export interface EquipmentReport {
  kind: 'equipment';
  items: Equipment[];
}

interface EquipmentRow {
  id: number;
  name: string;
  model: string | null;
  quantity: number;
  issued_on: string | null;
  condition: EquipmentCondition;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

export class EquipmentNotFoundError extends Error {
  constructor(readonly id: number) {
    super(`没有编号为 ${id} 的设备 / no equipment with id ${id}`);
    this.name = 'EquipmentNotFoundError';
  }
}

function toEquipment(r: EquipmentRow): Equipment {
  return {
    id: r.id,
    name: r.name,
    model: r.model,
    quantity: r.quantity,
    issuedOn: r.issued_on,
    condition: r.condition,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function describe(e: EquipmentInput): string {
  return `${e.name}${e.model ? `（${e.model}）` : ''} ×${e.quantity}，${CONDITION_LABELS[e.condition].zh}`;
}

export class EquipmentStore {
  constructor(private readonly db: Db) {}

  list(): Equipment[] {
    return (this.db.prepare('SELECT * FROM equipment ORDER BY id').all() as EquipmentRow[]).map(toEquipment);
  }

  get(id: number): Equipment | undefined {
    const row = this.db.prepare('SELECT * FROM equipment WHERE id = ?').get(id) as EquipmentRow | undefined;
    return row && toEquipment(row);
  }

  add(input: EquipmentInput, actor: string, at: number): Equipment {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO equipment (name, model, quantity, issued_on, condition, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(input.name, input.model, input.quantity, input.issuedOn, input.condition, input.notes, at, at).lastInsertRowid,
      );
      const saved = this.get(id)!;
      this.record(`登记设备：${describe(saved)}`, { id, after: saved }, actor, at);
      return saved;
    })();
  }

  update(id: number, input: EquipmentInput, actor: string, at: number): Equipment {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (!before) throw new EquipmentNotFoundError(id);
      this.db
        .prepare('UPDATE equipment SET name = ?, model = ?, quantity = ?, issued_on = ?, condition = ?, notes = ?, updated_at = ? WHERE id = ?')
        .run(input.name, input.model, input.quantity, input.issuedOn, input.condition, input.notes, at, id);
      const after = this.get(id)!;
      const conditionChange = before.condition === after.condition ? '' : `（${CONDITION_LABELS[before.condition].zh} → ${CONDITION_LABELS[after.condition].zh}）`;
      this.record(`修改设备登记：${describe(after)}${conditionChange}`, { id, before, after }, actor, at);
      return after;
    })();
  }

  remove(id: number, actor: string, at: number): Equipment {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (!before) throw new EquipmentNotFoundError(id);
      this.db.prepare('DELETE FROM equipment WHERE id = ?').run(id);
      this.record(`删除设备登记：${describe(before)}`, { id, before }, actor, at);
      return before;
    })();
  }

  private record(message: string, detail: unknown, actor: string, at: number): void {
    // 'station' is the log's type for the station's own set-up (start, stop, settings); the register is part of it.
    appendStationLog(this.db, { type: 'station', actor, at, message, detail: { equipment: detail } });
    const report: EquipmentReport = { kind: 'equipment', items: this.list() };
    enqueueOutbox(this.db, 'health', at, report);
  }
}
