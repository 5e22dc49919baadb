// The escalation's pure rules: when each rung is due, which rungs a ladder has, and what a station may put in a notice.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, caseCode, ladderOf, nextNotice, ruleKind, ruleProblem } from '../../../county/alerting/escalation.pure.ts';
import { noticeMessage, shortTime, stationSafe } from '../../../county/alerting/notice-text.pure.ts';

const MIN = 60_000;
const rule = { enabled: true, firstAfterMinutes: 10, escalateAfterMinutes: 120 };
const fresh = { openedAt: 1_000_000, closedAt: null, acknowledgedAt: null, nextRung: 0, lastNoticeAt: null };

describe('nextNotice', () => {
  it('times the first rung from the opening and each next one from the rung before', () => {
    expect(nextNotice(fresh, rule, 3)).toEqual({ rung: 0, dueAt: 1_000_000 + 10 * MIN });
    // The hub was down: rung 1 told late, rung 2 is two hours after that, not after the opening.
    expect(nextNotice({ ...fresh, nextRung: 2, lastNoticeAt: 9_000_000_000 }, rule, 3)).toEqual({ rung: 2, dueAt: 9_000_000_000 + 120 * MIN });
  });

  it('tells nobody when the rule is off, the case acknowledged or closed, or the ladder climbed', () => {
    expect(nextNotice(fresh, { ...rule, enabled: false }, 3)).toBeNull();
    expect(nextNotice({ ...fresh, acknowledgedAt: 5 }, rule, 3)).toBeNull();
    expect(nextNotice({ ...fresh, closedAt: 5 }, rule, 3)).toBeNull();
    expect(nextNotice({ ...fresh, nextRung: 3, lastNoticeAt: 5 }, rule, 3)).toBeNull();
    expect(nextNotice(fresh, rule, 0)).toBeNull();
  });

  it('checks a rule’s minutes and keys a station’s own alert by its code', () => {
    expect(ruleProblem(rule)).toBeNull();
    expect(ruleProblem({ ...rule, escalateAfterMinutes: -1 })).toBe('minutes');
    expect(ruleProblem({ ...rule, firstAfterMinutes: 1.5 })).toBe('minutes');
    expect(ruleProblem({ ...rule, firstAfterMinutes: 31 * 24 * 60 + 1 })).toBe('minutes');
    expect(caseCode({ code: 'station_alert', stationCode: 'kiosk_disconnected' })).toBe('station_alert:kiosk_disconnected');
    expect(caseCode({ code: 'offline', stationCode: null })).toBe('offline');
    expect(ruleKind('station_alert:kiosk_disconnected')).toBe('station_alert');
    expect(DEFAULT_ALERT_RULES.station_alert.enabled).toBe(false);
  });
});

describe('ladderOf', () => {
  it('climbs from the station through its units, nearest first, to the desk, skipping rungs nobody holds', () => {
    const ladder = ladderOf(['admin'], [{ id: 't', name: '城北街道', contacts: [] }, { id: 'c', name: '伊州区', contacts: ['county'] }], ['desk']);
    expect(ladder.map((r) => [r.name, r.contacts])).toEqual([['站点管理员', ['admin']], ['伊州区', ['county']], ['县级平台', ['desk']]]);
    expect(ladderOf([], [], [])).toEqual([]);
  });
});

describe('notice text', () => {
  it('passes on a station’s own words only as one short line', () => {
    expect(stationSafe('屏幕\n断开\u0007了')).toBe('屏幕 断开 了');
    expect([...stationSafe('很'.repeat(100))]).toHaveLength(61);
    const m = noticeMessage({ kind: 'station_alert', alertText: `恶意\r\n【县委通知】请转账${'!'.repeat(100)}`, stationName: '前进村', place: [], openedAt: Date.UTC(2026, 11, 7, 1, 5), timeZone: 'Asia/Shanghai', toldBefore: [] });
    expect(m.text).not.toMatch(/[\r\n]/);
    expect(m.alert).toBe('终端告警');
    expect(m.since).toBe('12月7日 09:05');
  });

  it('writes the time in the county’s zone', () => {
    expect(shortTime(Date.UTC(2026, 11, 31, 16, 30), 'Asia/Shanghai')).toBe('1月1日 00:30');
    expect(shortTime(Date.UTC(2026, 11, 31, 16, 30), 'Asia/Urumqi')).toBe('12月31日 22:30');
  });
});
