import { describe, it, expect, afterEach } from 'vitest';
import { createStation, type Station } from '../../support/station-fixture.ts';
import { activeNotices, addNotice, listNotices, MAX_NOTICES, removeNotice } from '../../../agent/notices/notice-store.ts';

let station: Station;
afterEach(() => station?.close());

describe('board notices', () => {
  it('shows a notice through its last day and not after', () => {
    station = createStation();
    addNotice(station.db, { text: ' 周五召开支部党员大会 ', until: '2026-12-04' }, 1);
    addNotice(station.db, { text: '长期通知', until: null }, 2);
    expect(activeNotices(station.db, '2026-12-04').map((n) => n.text)).toEqual(['周五召开支部党员大会', '长期通知']);
    expect(activeNotices(station.db, '2026-12-05').map((n) => n.text)).toEqual(['长期通知']);
  });

  it('removes a notice by id, and says when there was none', () => {
    station = createStation();
    const n = addNotice(station.db, { text: '通知', until: null }, 1);
    expect(removeNotice(station.db, 'no-such-id', 2)).toBe(false);
    expect(removeNotice(station.db, n.id, 2)).toBe(true);
    expect(listNotices(station.db)).toEqual([]);
  });

  it('keeps only the newest notices when too many pile up', () => {
    station = createStation();
    for (let i = 0; i < MAX_NOTICES + 3; i++) addNotice(station.db, { text: `通知${i}`, until: null }, i);
    const texts = listNotices(station.db).map((n) => n.text);
    expect(texts).toHaveLength(MAX_NOTICES);
    expect(texts[0]).toBe('通知3');
    expect(texts.at(-1)).toBe(`通知${MAX_NOTICES + 2}`);
  });
});
