// kiosk/main/chromium-policy.pure.ts: whether the installed Chromium policy (an allowlist naming the agent's port)
// lets the screen's address through — the shipped policy with the default port, and one left behind when
// YUANJIAO_PORT was moved, said in words.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../../agent/agent-port.ts';
import { policyBlocksScreen } from '../../../kiosk/main/chromium-policy.pure.ts';
import { REPO } from '../../support/agent-process.ts';

const SHIPPED = fs.readFileSync(path.join(REPO, 'packaging', 'station', 'chromium-policy.json'), 'utf8');

describe('the Chromium policy and the screen’s address', () => {
  it('lets the screen through on the default port, by 127.0.0.1 or localhost', () => {
    expect(policyBlocksScreen(SHIPPED, `http://127.0.0.1:${DEFAULT_PORT}/`)).toBeNull();
    expect(policyBlocksScreen(SHIPPED, `http://localhost:${DEFAULT_PORT}/`)).toBeNull();
  });

  it('says, Chinese first, that a moved port is blocked and what to change', () => {
    const problem = policyBlocksScreen(SHIPPED, 'http://127.0.0.1:8800/');
    expect(problem).toMatch(/^Chromium 策略 \/etc\/chromium\/policies\/managed\/yuanjiao-kiosk\.json 只允许 .*不含屏幕地址 http:\/\/127\.0\.0\.1:8800.*URLAllowlist \/ the Chromium policy/);
  });

  it('reads the simple filter forms, and judges nothing that is not an allowlist', () => {
    const list = (allow: string[]) => JSON.stringify({ URLBlocklist: ['*'], URLAllowlist: allow });
    expect(policyBlocksScreen(list(['http://127.0.0.1']), 'http://127.0.0.1:8800/')).toBeNull();
    expect(policyBlocksScreen(list(['127.0.0.1']), 'http://127.0.0.1:8800/')).toBeNull();
    expect(policyBlocksScreen(list(['http://127.0.0.1:8800/']), 'http://127.0.0.1:8800/')).toBeNull();
    expect(policyBlocksScreen(list(['http://127.0.0.1:88']), 'http://127.0.0.1:8800/')).not.toBeNull();
    expect(policyBlocksScreen(JSON.stringify({ URLBlocklist: ['file://*'] }), 'http://127.0.0.1:8800/')).toBeNull();
    expect(policyBlocksScreen('', 'http://127.0.0.1:8800/')).toBeNull();
    expect(policyBlocksScreen('{not json', 'http://127.0.0.1:8800/')).toBeNull();
  });
});
