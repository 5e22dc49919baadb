// Notices for the board (通知): written by the administrator or sent down by the county, each until a date.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';

export interface Notice {
  id: string;
  text: string;
  origin: 'station' | 'county';
  /** Last local date it shows, inclusive; null = until removed. */
  until: string | null;
  createdAt: number;
}

const KEY = 'board.notices';
export const MAX_NOTICES = 20;

export function listNotices(db: Db): Notice[] {
  return readSetting<Notice[]>(db, KEY) ?? [];
}

/** Notices still showing on a local date. */
export function activeNotices(db: Db, today: string): Notice[] {
  return listNotices(db).filter((n) => n.until === null || n.until >= today);
}

export function addNotice(db: Db, input: { text: string; until: string | null; origin?: Notice['origin'] }, at: number): Notice {
  const notice: Notice = { id: randomUUID(), text: input.text.trim(), origin: input.origin ?? 'station', until: input.until, createdAt: at };
  const all = [...listNotices(db), notice].slice(-MAX_NOTICES);
  writeSetting(db, KEY, all, at);
  return notice;
}

export function removeNotice(db: Db, id: string, at: number): boolean {
  const all = listNotices(db);
  const kept = all.filter((n) => n.id !== id);
  if (kept.length === all.length) return false;
  writeSetting(db, KEY, kept, at);
  return true;
}
