// The kiosk window may show the agent's exact origin and nothing else, however the URL is dressed up.
import { describe, expect, it } from 'vitest';
import { agentOriginOf, isAllowedNavigation, originString } from '../../../kiosk/main/navigation-policy.pure.ts';
import { isPermissionGranted } from '../../../kiosk/main/permission-policy.pure.ts';

const origin = agentOriginOf('http://127.0.0.1:8720/');

describe('the agent origin', () => {
  it('is read from the kiosk URL, path and hash ignored', () => {
    expect(agentOriginOf('http://127.0.0.1:8720/#/board')).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: '8720' });
    expect(originString(agentOriginOf('http://127.0.0.1:8720/x'))).toBe('http://127.0.0.1:8720');
    expect(originString(agentOriginOf('https://station.local/'))).toBe('https://station.local');
  });

  it('refuses a kiosk URL that is not http(s)', () => {
    for (const bad of ['file:///tmp/index.html', 'data:text/html,hi', 'javascript:alert(1)', 'not a url', '']) {
      expect(() => agentOriginOf(bad), bad).toThrow(/http\(s\)/);
    }
  });
});

describe('navigation inside the kiosk window', () => {
  it.each([
    'http://127.0.0.1:8720/',
    'http://127.0.0.1:8720',
    'http://127.0.0.1:8720/#/admin',
    'http://127.0.0.1:8720/api/board?days=7',
    'http://127.0.0.1:8720/print/week',
    // The parser normalises these to the very same scheme, host and port.
    'HTTP://127.0.0.1:8720/',
    'http://127.0.0.1:08720/',
    // Numeric spellings of 127.0.0.1 are the same socket, not another host.
    'http://2130706433:8720/',
    'http://0x7f.0.0.1:8720/',
    'http://127.0.0.1.:8720/',
    // A backslash is a slash in http URLs: this is a path on the agent, not a user name.
    'http://127.0.0.1:8720\\@evil.com/',
    // A blob the page made itself.
    'blob:http://127.0.0.1:8720/5b1c0a52-8f5e-4c1e-9d39-7f1c2a0b1c00',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url, origin)).toBe(true);
  });

  it.each([
    // Starts with the agent's address, is somewhere else.
    'http://127.0.0.1:8720.evil.com/',
    'http://127.0.0.1:87201/',
    'http://127.0.0.1:872/',
    'http://127.0.0.1.evil.com:8720/',
    'http://127.0.0.1:8720@evil.com/',
    'http://evil.com/http://127.0.0.1:8720/',
    'http://evil.com/?u=http://127.0.0.1:8720/',
    // Same host, other port or scheme.
    'http://127.0.0.1/',
    'http://127.0.0.1:80/',
    'https://127.0.0.1:8720/',
    'ws://127.0.0.1:8720/api/events',
    'ftp://127.0.0.1:8720/',
    // Other names for this machine: the agent listens on 127.0.0.1 only, and the UI never uses them.
    'http://localhost:8720/',
    'http://[::1]:8720/',
    'http://0.0.0.0:8720/',
    'http://127.0.0.2:8720/',
    // Credentials in the URL.
    'http://user:pass@127.0.0.1:8720/',
    'http://admin@127.0.0.1:8720/',
    // Schemes that are not a page of the agent.
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PGgxPmhpPC9oMT4=',
    'file:///etc/passwd',
    'file://127.0.0.1:8720/etc/passwd',
    'javascript:alert(document.cookie)',
    'JaVaScRiPt:alert(1)',
    'devtools://devtools/bundled/inspector.html',
    'chrome://gpu',
    'chrome-extension://abc/index.html',
    'view-source:http://127.0.0.1:8720/',
    'about:blank',
    'about:srcdoc',
    'filesystem:http://127.0.0.1:8720/temporary/x',
    'blob:http://evil.com/5b1c0a52-8f5e-4c1e-9d39-7f1c2a0b1c00',
    'blob:null/5b1c0a52-8f5e-4c1e-9d39-7f1c2a0b1c00',
    'blob:http://127.0.0.1:87201/5b1c0a52',
    'mailto:someone@example.org',
    'intent://scan/#Intent;scheme=zxing;end',
    // Not URLs at all.
    '',
    '/relative/path',
    '//127.0.0.1:8720/',
    'http://',
    'http://127.0.0.1:99999/',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url, origin)).toBe(false);
  });

  it('follows the origin it was given, not a fixed port', () => {
    const other = agentOriginOf('http://127.0.0.1:43121/');
    expect(isAllowedNavigation('http://127.0.0.1:43121/#/x', other)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:8720/', other)).toBe(false);
  });

  it('compares default ports correctly', () => {
    const plain = agentOriginOf('http://station.local/');
    expect(isAllowedNavigation('http://station.local:80/', plain)).toBe(true);
    expect(isAllowedNavigation('http://station.local:8080/', plain)).toBe(false);
    expect(isAllowedNavigation('http://STATION.local/', plain)).toBe(true);
    expect(isAllowedNavigation('http://station.local.evil.com/', plain)).toBe(false);
  });
});

describe('permissions', () => {
  it('grants full screen to the agent page only', () => {
    expect(isPermissionGranted('fullscreen', 'http://127.0.0.1:8720/#/player', origin)).toBe(true);
    expect(isPermissionGranted('fullscreen', 'http://127.0.0.1:8720', origin)).toBe(true);
    expect(isPermissionGranted('fullscreen', 'http://evil.com/', origin)).toBe(false);
    expect(isPermissionGranted('fullscreen', 'file:///tmp/x.html', origin)).toBe(false);
  });

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'midi', 'midiSysex', 'pointerLock', 'openExternal', 'usb', 'hid', 'serial', 'idle-detection', 'window-management', 'display-capture', 'unknown'])(
    'refuses %s even to the agent page',
    (permission) => {
      expect(isPermissionGranted(permission, 'http://127.0.0.1:8720/', origin)).toBe(false);
    },
  );
});
