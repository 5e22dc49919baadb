// One hub per data directory, as one agent per station: a second `yuanjiao county start` on the same folder
// would answer stations from a database the first is also writing. It is refused with who holds the folder;
// the folder is free again once the first stops, and a lock left by a killed hub is taken over.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../../county/server.ts';
import { InstanceLockError } from '../../common/instance-lock.ts';
import { BIN, REPO } from '../support/agent-process.ts';
import { tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';

const dir = tempDir('yj-hub-lock-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one hub per data directory', () => {
  it('refuses a second hub on the same folder, in words, until the first stops', async () => {
    // The first hub is its own process, as on the county's server.
    const first = spawn(process.execPath, [BIN, 'county', 'start', '--data', dir, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    first.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    try {
      await waitFor(() => out.includes('按 Ctrl+C 停止'), 60_000, `the first hub to start\n${out}`);
      const url = /地址 \/ address:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
      await expect(startHub({ dataDir: dir, port: 0, logLevel: 'silent' })).rejects.toBeInstanceOf(InstanceLockError);
      const cli = spawnSync(process.execPath, [BIN, 'county', 'start', '--data', dir, '--port', '0'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`另一个县级管理平台（进程 ${first.pid}）正在使用数据目录`);
      expect(cli.stderr).not.toMatch(/\n\s+at /);
      // The refused ones changed nothing: the first still answers.
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      first.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'hub.pid'))).toBe(false);
    const again = await startHub({ dataDir: dir, port: 0, logLevel: 'silent' });
    await again.stop();
  }, 120_000);

  it('takes over the lock of a hub that was killed', async () => {
    // A pid that cannot be running: the lock file a SIGKILLed hub leaves behind.
    fs.writeFileSync(path.join(dir, 'hub.pid'), '999999999');
    const hub = await startHub({ dataDir: dir, port: 0, logLevel: 'silent' });
    expect(fs.readFileSync(path.join(dir, 'hub.pid'), 'utf8')).toBe(String(process.pid));
    await hub.stop();
  });
});
