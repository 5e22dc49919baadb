// One family of refusals: the station API's, the hub's and the kiosk's view of the agent's are HTTP refusals
// with a code, each keeping its own name (logs and the CLI tell them apart by it), and the answer's body is
// the same shape on both servers.
import { describe, expect, it } from 'vitest';
import { CodedError, errorBody, HttpRefusal, noSuchRoute } from '../../common/coded-error.ts';
import { ApiError, toApiError } from '../../agent/api/api-error.ts';
import { HubError } from '../../county/hub-error.ts';
import { ApiFailure } from '../../kiosk/ui/src/api.ts';
import { AdminAuthError } from '../../agent/admin/admin-auth.ts';
import { CheckinError } from '../../agent/attendance/checkin.ts';

describe('the refusal family', () => {
  it.each([
    ['ApiError', new ApiError(409, 'window_closed', '签到已结束 / check-in has closed')],
    ['HubError', new HubError(409, 'window_closed', '签到已结束 / check-in has closed')],
    ['ApiFailure', new ApiFailure(409, 'window_closed', '签到已结束 / check-in has closed')],
  ])('%s is an HTTP refusal with its status, code, message and own name', (name, err) => {
    expect(err).toBeInstanceOf(HttpRefusal);
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name, status: 409, code: 'window_closed', message: '签到已结束 / check-in has closed' });
    expect('retryAfterMs' in err).toBe(false);
    expect(String(err)).toBe(`${name}: 签到已结束 / check-in has closed`);
  });

  it('carries when to ask again only for a refusal that passes, and the hub’s note that it was logged', () => {
    const busy = new HubError(429, 'too_many_attempts', '请稍后再试 / try again later', 4000, { alreadyLogged: true });
    expect(busy.retryAfterMs).toBe(4000);
    expect(busy.options.alreadyLogged).toBe(true);
    expect(new HubError(400, 'x', 'y').options).toEqual({});
  });

  it('maps the station’s own refusals to the API’s answer with their code and message unchanged', () => {
    const wrongPin = new AdminAuthError('too_many_attempts', '请 2 秒后再试 / wait 2 s', 2000);
    expect(wrongPin).toBeInstanceOf(CodedError);
    expect(wrongPin.name).toBe('AdminAuthError');
    expect(toApiError(wrongPin)).toMatchObject({ name: 'ApiError', status: 429, code: 'too_many_attempts', message: '请 2 秒后再试 / wait 2 s' });
    expect(toApiError(new CheckinError('window_closed', '签到已结束 / closed'))).toMatchObject({ status: 409, code: 'window_closed' });
  });

  it('answers in one body shape: code and message, and retryAfterMs only when there is one', () => {
    expect(JSON.stringify(errorBody('wrong_pin', '密码错误 / wrong PIN'))).toBe('{"error":{"code":"wrong_pin","message":"密码错误 / wrong PIN"}}');
    expect(JSON.stringify(errorBody('too_many_attempts', '稍后 / later', 2000))).toBe('{"error":{"code":"too_many_attempts","message":"稍后 / later","retryAfterMs":2000}}');
    expect(noSuchRoute('/api/nope')).toEqual({ error: { code: 'not_found', message: '没有这个地址：/api/nope / no such route' } });
  });
});
