// `yuanjiao county unit add|list|rename|retire`, `county station add --unit` and `county station place` on the
// hub's SQLite file: the tree printed indented, stations placed and located, every change in the staff audit, and
// every refusal a message that changes nothing.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/station-fixture.ts';
import { cli } from '../agent/exports/export-support.ts';
import { hubRows } from './support/hub-fixture.ts';

const dir = tempDir('yj-hub-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const county = (...args: string[]) => cli(dir, 'county', ...args);
const rows = async () => ({
  units: await hubRows(dir, 'SELECT * FROM org_units ORDER BY id'),
  stations: await hubRows(dir, 'SELECT id, unit_id, latitude, longitude FROM stations ORDER BY id'),
});

describe('the org tree from the command line', () => {
  it('adds, lists, renames and retires units and places stations in them', async () => {
    for (const args of [
      ['--id', '650500', '--level', 'city', '--name', '哈密市'],
      ['--id', '650502', '--level', 'county', '--name', '伊州区', '--parent', '650500'],
      ['--id', 'chengbei', '--level', 'township', '--name', '城北街道', '--parent', '650502'],
      ['--id', '650521', '--level', 'county', '--name', '巴里坤县', '--parent', '650500'],
    ]) {
      const r = await county('unit', 'add', ...args);
      expect([r.code, r.err]).toEqual([0, '']);
    }
    const added = await county('station', 'add', '前进村', '--unit', 'chengbei');
    expect(added.code).toBe(0);
    const stationId = /站点编号 (st-[a-z0-9]+)/.exec(added.out)![1]!;

    const list = await county('unit', 'list');
    expect(list.out.split('\n')).toEqual([
      '650500  哈密市（市 / City）',
      '  650521  巴里坤县（县 / County）',
      '  650502  伊州区（县 / County）',
      '    chengbei  城北街道（乡镇 / Township）  站点 1',
    ]);

    const placed = await county('station', 'place', stationId, '--unit', '650502', '--lat', '42.83', '--lon', '93.51');
    expect(placed.code).toBe(0);
    expect(await hubRows(dir, 'SELECT unit_id, latitude, longitude FROM stations WHERE id = ?', stationId)).toEqual([{ unit_id: '650502', latitude: 42.83, longitude: 93.51 }]);
    expect((await county('unit', 'rename', '650521', '巴里坤哈萨克自治县')).code).toBe(0);
    expect((await county('unit', 'retire', 'chengbei')).code).toBe(0);

    // Refusals: a message, exit 1 or 2, nothing changed.
    const before = await rows();
    const refused = [
      [await county('unit', 'add', '--id', 'x', '--level', 'city', '--name', '某市', '--parent', '650502'), 1],
      [await county('unit', 'add', '--id', '650500', '--level', 'city', '--name', '重复'), 1],
      [await county('unit', 'retire', '650502'), 1],
      [await county('unit', 'rename', 'nosuch', '无'), 1],
      [await county('station', 'add', '某村', '--unit', 'chengbei'), 1],
      [await county('station', 'place', stationId, '--unit', 'nosuch'), 1],
      [await county('station', 'place', stationId, '--lat', '91', '--lon', '93'), 1],
      [await county('station', 'place', stationId, '--lat', 'north', '--lon', '93'), 2],
      [await county('station', 'place', stationId), 2],
    ] as const;
    for (const [r, code] of refused) {
      expect(r.code).toBe(code);
      expect(r.err).not.toBe('');
    }
    expect(await rows()).toEqual(before);
    const audit = (await hubRows<{ action: string }>(dir, "SELECT action FROM staff_audit WHERE actor = 'cli' ORDER BY id")).map((r) => r.action);
    expect(audit).toEqual(['unit_add', 'unit_add', 'unit_add', 'unit_add', 'station_add', 'station_place', 'unit_rename', 'unit_retire']);
  });
});
