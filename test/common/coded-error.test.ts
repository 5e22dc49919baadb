// One family of refusals: the station API's, the hub's and the kiosk's view of the agent's are HTTP refusals
// with a code and its values, each keeping its own name (logs and the CLI tell them apart by it), and the answer's
// body is the same shape on both servers: { code, params }, never a sentence — the readers word it.
import { describe, expect, it } from 'vitest';
import { CodedError, errorBody, HttpRefusal, noSuchRoute, refusalBody, stillInWords } from '../../common/coded-error.pure.ts';
import { ApiError, toApiError } from '../../agent/api/api-error.ts';
import { HubError } from '../../county/hub-error.ts';
import { ApiFailure } from '../../kiosk/ui/src/api.ts';
import { AdminAuthError } from '../../agent/admin/admin-auth.ts';
import { CheckinError } from '../../agent/attendance/checkin.ts';
import { refusalText } from '../../kiosk/ui/src/i18n/refusals.ts';
import { stationRefusalText } from '../../cli/station-refusal-texts.ts';

describe('the refusal family', () => {
  it.each([
    ['ApiError', new ApiError(409, 'window_closed', { title: '十二月集中收看' })],
    ['HubError', new HubError(409, 'window_closed', { title: '十二月集中收看' })],
    ['ApiFailure', new ApiFailure(409, 'window_closed', { title: '十二月集中收看' })],
  ])('%s is an HTTP refusal with its status, code, values and own name; its message is the log line', (name, err) => {
    expect(err).toBeInstanceOf(HttpRefusal);
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name, status: 409, code: 'window_closed', params: { title: '十二月集中收看' }, message: 'window_closed {"title":"十二月集中收看"}' });
    expect('retryAfterMs' in err).toBe(false);
    expect('words' in err).toBe(false);
    expect(String(err)).toBe(`${name}: window_closed {"title":"十二月集中收看"}`);
  });

  it('carries when to ask again only for a refusal that passes, and the hub’s note that it was logged', () => {
    const busy = new HubError(429, 'too_many_attempts', { waitSeconds: 4 }, 4000, { alreadyLogged: true });
    expect(busy.retryAfterMs).toBe(4000);
    expect(busy.params).toEqual({ waitSeconds: 4 });
    expect(busy.options.alreadyLogged).toBe(true);
    expect(new HubError(400, 'x', stillInWords('y')).options).toEqual({});
  });

  it('maps the station’s own refusals to the API’s answer with their code and values unchanged', () => {
    const wrongPin = new AdminAuthError('too_many_attempts', { what: 'pin', waitSeconds: 2 }, 2000);
    expect(wrongPin).toBeInstanceOf(CodedError);
    expect(wrongPin.name).toBe('AdminAuthError');
    expect(toApiError(wrongPin)).toMatchObject({ name: 'ApiError', status: 429, code: 'too_many_attempts', params: { what: 'pin', waitSeconds: 2 }, retryAfterMs: 2000 });
    const closed = toApiError(new CheckinError('window_closed', { title: '十二月集中收看' }));
    expect(closed).toMatchObject({ status: 409, code: 'window_closed', params: { title: '十二月集中收看' } });
    expect(refusalBody(closed!)).toEqual({ error: { code: 'window_closed', params: { title: '十二月集中收看' } } });
  });

  it('answers in one body shape: code and values, retryAfterMs only when there is one, words only for an unlisted code', () => {
    expect(JSON.stringify(errorBody('window_not_open', { opensAt: '19:15' }))).toBe('{"error":{"code":"window_not_open","params":{"opensAt":"19:15"}}}');
    expect(JSON.stringify(errorBody('too_many_attempts', { seconds: 2 }, 2000))).toBe('{"error":{"code":"too_many_attempts","params":{"seconds":2},"retryAfterMs":2000}}');
    expect(errorBody('loopback_only')).toEqual({ error: { code: 'loopback_only', params: {} } });
    expect(errorBody('legacy_code', stillInWords('旧的 / old words'))).toEqual({ error: { code: 'legacy_code', params: {}, message: '旧的 / old words' } });
    expect(noSuchRoute('/api/nope')).toEqual({ error: { code: 'not_found', params: { url: '/api/nope' } } });
  });
});

describe('the readers’ catalogues', () => {
  const closed = { code: 'window_closed', params: { title: '十二月集中收看' } };

  it('the kiosk says a refusal in Chinese first, and in English when asked', () => {
    expect(refusalText(closed, 'zh-CN')).toBe('“十二月集中收看”签到已结束');
    expect(refusalText(closed, 'en')).toBe('check-in for “十二月集中收看” has closed');
    expect(refusalText({ code: 'history_confirm_needed', params: { months: ['2026-11', '2026-12'] } }, 'zh-CN')).toContain('2026-11、2026-12 已打印');
  });

  it('the kiosk names a code it does not know (an agent of another release) instead of failing', () => {
    expect(refusalText({ code: 'quantum_flux', params: { x: 1 } }, 'zh-CN')).toBe('站点服务拒绝了此操作（quantum_flux）');
    expect(refusalText({ code: 'quantum_flux', params: {} }, 'en')).toBe('the station service refused this (quantum_flux)');
    // A known code with values of another shape is named too, never a crash.
    expect(refusalText({ code: 'history_confirm_needed', params: {} }, 'zh-CN')).toBe('站点服务拒绝了此操作（history_confirm_needed）');
    expect(refusalText({ code: 'toString', params: {} }, 'zh-CN')).toBe('站点服务拒绝了此操作（toString）');
  });

  it('the kiosk words every refusal from its catalogue: words sent along are never shown', () => {
    const legacy = { code: 'legacy_code', params: {}, words: '旧的说法 / the old words' };
    expect(refusalText(legacy, 'zh-CN')).toBe('站点服务拒绝了此操作（legacy_code）');
    expect(refusalText(legacy, 'en')).toBe('the station service refused this (legacy_code)');
  });

  it('the CLI says a refusal in both languages from its own catalogue', () => {
    expect(stationRefusalText(closed)).toBe('“十二月集中收看”签到已结束 / check-in for this session has closed');
    expect(stationRefusalText({ code: 'quantum_flux', params: { x: 1 } })).toBe('操作被拒绝 / refused: quantum_flux {"x":1}');
  });
});
