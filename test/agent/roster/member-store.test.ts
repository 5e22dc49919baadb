// MemberStore against a real SQLite file: spelling of stored fields, card uniqueness, updates, listing, excusals.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemberStore, RosterError, type MemberInput } from '../../../agent/roster/member-store.ts';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import { stationRefusalText } from '../../../cli/station-refusal-texts.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';

const T0 = Date.UTC(2024, 4, 1, 2, 0, 0);
const T1 = T0 + 60_000;

function input(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    name: '张三',
    gender: 'male',
    category: 'full',
    branch: '第一支部',
    cardUid: null,
    phone: null,
    activeFrom: null,
    activeTo: null,
    ...overrides,
  };
}

/** A store refusal as the kiosk and the CLI receive it: its code and values. */
function refusal(err: RosterError): { code: string; params: RefusalParams } {
  return { code: err.code, params: err.params! };
}

/** A store refusal as the CLI says it (both languages). */
function said(err: RosterError): string {
  return stationRefusalText(refusal(err));
}

function caught(fn: () => unknown): RosterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    return err as RosterError;
  }
  throw new Error('expected a RosterError');
}

let dir: string;
let db: Db;
let store: MemberStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-members-'));
  db = openStationDatabase(dir);
  store = new MemberStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('MemberStore.add', () => {
  it('stores one spelling of each field: card upper-cased, padded Chinese name closed up, phone without separators', () => {
    const added = store.add(input({ name: ' 张  三 ', cardUid: ' 04a1b2c3 ', phone: '138-0000 0001', branch: '  第一支部 ' }), T0);
    expect(added).toEqual({
      id: added.id,
      name: '张三',
      gender: 'male',
      category: 'full',
      hardship: false,
      branch: '第一支部',
      cardUid: '04A1B2C3',
      phone: '13800000001',
      activeFrom: null,
      activeTo: null,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(db.prepare('SELECT name, card_uid, phone, branch FROM members').all()).toEqual([
      { name: '张三', card_uid: '04A1B2C3', phone: '13800000001', branch: '第一支部' },
    ]);
  });

  it('survives closing and reopening the database file', () => {
    const added = store.add(input({ cardUid: 'AA01' }), T0);
    db.close();
    db = openStationDatabase(dir);
    store = new MemberStore(db);
    expect(store.get(added.id)).toEqual(added);
  });

  it('finds a member by card whatever the case and surrounding spaces of the UID', () => {
    const added = store.add(input({ cardUid: '04A1B2C3' }), T0);
    expect(store.findByCardUid('  04a1B2c3\t')).toEqual(added);
    expect(store.findByCardUid('04A1B2C4')).toBeUndefined();
    expect(store.findByCardUid('   ')).toBeUndefined();
  });

  it('refuses a card that another member holds, naming the holder, and writes nothing', () => {
    store.add(input({ cardUid: '04A1B2C3' }), T0);
    const err = caught(() => store.add(input({ name: '李四', cardUid: '04a1b2c3' }), T0));
    expect(err.code).toBe('duplicate_card');
    expect(err.params).toEqual({ cardUid: '04A1B2C3', holder: '张三' });
    expect(said(err)).toBe('卡号 04A1B2C3 已分配给 张三 / card 04A1B2C3 already belongs to 张三');
    expect(refusalText(refusal(err), 'zh-CN')).toBe('卡号 04A1B2C3 已分配给 张三');
    expect(store.list().map((m) => m.name)).toEqual(['张三']);
  });

  it('refuses an empty name, an unknown category and an active period that ends before it starts', () => {
    const noName = caught(() => store.add(input({ name: '  ' }), T0));
    expect([noName.code, noName.params]).toEqual(['invalid_member', { rule: 'name', value: '', other: '' }]);
    expect(said(noName)).toBe('姓名不能为空 / name must not be empty');
    expect(caught(() => store.add(input({ category: 'member' as never }), T0)).code).toBe('invalid_member');
    const order = caught(() => store.add(input({ activeFrom: '2024-06-01', activeTo: '2024-05-31' }), T0));
    expect(order.code).toBe('invalid_member');
    expect(order.params).toEqual({ rule: 'order', value: '2024-05-31', other: '2024-06-01' });
    expect(said(order)).toBe('截止日期 2024-05-31 早于起始日期 2024-06-01 / activeTo 2024-05-31 is before activeFrom 2024-06-01');
    expect(caught(() => store.add(input({ activeFrom: '2024-02-30' }), T0)).code).toBe('invalid_member');
    expect(store.list()).toEqual([]);
  });
});

describe('MemberStore.update', () => {
  it('changes the given fields, keeps the others, clears with null, and stamps updatedAt', () => {
    const added = store.add(input({ phone: '13800000001', cardUid: 'AA01' }), T0);
    const updated = store.update(added.id, { category: 'probationary', phone: null, branch: '第二支部', gender: undefined }, T1);
    expect(updated).toEqual({ ...added, category: 'probationary', phone: null, branch: '第二支部', updatedAt: T1 });
    expect(store.get(added.id)).toEqual(updated);
  });

  it('leaves updatedAt alone when the patch changes nothing', () => {
    const added = store.add(input({ cardUid: 'AA01' }), T0);
    expect(store.update(added.id, { name: '张 三', cardUid: 'aa01', category: 'full' }, T1)).toEqual(added);
    expect(store.get(added.id)!.updatedAt).toBe(T0);
  });

  it('throws member_not_found for an unknown id', () => {
    const err = caught(() => store.update(999, { name: '李四' }, T1));
    expect(err.code).toBe('member_not_found');
    expect(err.params).toEqual({ memberId: 999 });
    expect(refusalText(refusal(err), 'zh-CN')).toBe('名册中没有编号 999');
  });

  it('refuses to give a member a card another member holds, and keeps a member its own card', () => {
    const zhang = store.add(input({ cardUid: 'AA01' }), T0);
    const li = store.add(input({ name: '李四', cardUid: 'BB02' }), T0);
    const err = caught(() => store.update(li.id, { cardUid: 'aa01' }, T1));
    expect(err.code).toBe('duplicate_card');
    expect(said(err)).toBe('卡号 AA01 已分配给 张三 / card AA01 already belongs to 张三');
    expect(store.get(li.id)).toEqual(li);
    expect(store.update(zhang.id, { cardUid: 'AA01', phone: '13800000001' }, T1).cardUid).toBe('AA01');
  });
});

describe('MemberStore.list', () => {
  it('orders by branch then name, members without a branch last', () => {
    store.add(input({ name: '王五', branch: '第二支部' }), T0);
    store.add(input({ name: '赵六', branch: null }), T0);
    store.add(input({ name: '李四', branch: '第一支部' }), T0);
    store.add(input({ name: '张三', branch: '第一支部' }), T0);
    expect(store.list().map((m) => [m.branch, m.name])).toEqual([
      ['第一支部', '张三'],
      ['第一支部', '李四'],
      ['第二支部', '王五'],
      [null, '赵六'],
    ]);
  });

  it('keeps to members on the roster on a given day, both ends inclusive', () => {
    store.add(input({ name: '常在' }), T0);
    store.add(input({ name: '五月起', activeFrom: '2024-05-01' }), T0);
    store.add(input({ name: '四月止', activeTo: '2024-04-30' }), T0);
    store.add(input({ name: '仅五月', activeFrom: '2024-05-01', activeTo: '2024-05-31' }), T0);
    const names = (day: string) => store.list({ activeOn: day }).map((m) => m.name).sort();
    expect(names('2024-04-30')).toEqual(['四月止', '常在'].sort());
    expect(names('2024-05-01')).toEqual(['五月起', '仅五月', '常在'].sort());
    expect(names('2024-05-31')).toEqual(['五月起', '仅五月', '常在'].sort());
    expect(names('2024-06-01')).toEqual(['五月起', '常在'].sort());
    expect(store.list()).toHaveLength(4);
    expect(caught(() => store.list({ activeOn: '2024/5/1' })).code).toBe('invalid_date');
  });
});

describe('excused months (请假)', () => {
  it('sets, replaces, lists by month and clears', () => {
    const zhang = store.add(input(), T0);
    const li = store.add(input({ name: '李四' }), T0);
    store.setExcused(zhang.id, '2024-05', ' 外出务工 ', T0);
    store.setExcused(li.id, '2024-05', '住院', T0);
    store.setExcused(li.id, '2024-06', '住院', T0);
    expect(store.excusedIn('2024-05')).toEqual(new Map([[zhang.id, '外出务工'], [li.id, '住院']]));

    store.setExcused(zhang.id, '2024-05', '在外地培训', T1);
    expect(store.excusedIn('2024-05').get(zhang.id)).toBe('在外地培训');
    expect(db.prepare('SELECT created_at FROM member_excusals WHERE member_id = ? AND month = ?').get(zhang.id, '2024-05')).toEqual({
      created_at: T0,
    });

    store.clearExcused(li.id, '2024-05');
    expect(store.excusedIn('2024-05')).toEqual(new Map([[zhang.id, '在外地培训']]));
    expect(store.excusedIn('2024-06')).toEqual(new Map([[li.id, '住院']]));
    expect(store.excusedIn('2024-07')).toEqual(new Map());
    store.clearExcused(li.id, '2024-05');
  });

  it('refuses an unknown member, a malformed month and an empty reason', () => {
    const zhang = store.add(input(), T0);
    expect(caught(() => store.setExcused(999, '2024-05', '外出', T0)).code).toBe('member_not_found');
    const month = caught(() => store.setExcused(zhang.id, '2024-5', '外出', T0));
    expect(month.code).toBe('invalid_month');
    expect(month.params).toEqual({ month: '2024-5' });
    expect(said(month)).toBe('月份“2024-5”应写成 YYYY-MM / month "2024-5" must be YYYY-MM');
    expect(caught(() => store.excusedIn('2024-13')).code).toBe('invalid_month');
    expect(caught(() => store.setExcused(zhang.id, '2024-05', '   ', T0)).code).toBe('invalid_reason');
    expect(db.prepare('SELECT COUNT(*) AS n FROM member_excusals').get()).toEqual({ n: 0 });
  });
});
