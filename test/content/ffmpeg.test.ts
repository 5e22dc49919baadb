// Tests for locating the own-media ffmpeg/ffprobe (the demo's and the tests' own media) and running it:
// real binaries, real failures. The maintained ffmpeg for files from outside: untrusted-ffmpeg.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareVersions, ownMediaFfmpeg, parseVersion, runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-ffmpeg-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('binary paths', () => {
  it.each([
    ['ffmpeg', () => ownMediaFfmpeg().ffmpeg],
    ['ffprobe', () => ownMediaFfmpeg().ffprobe],
  ] as const)('%s resolves to an executable that reports its version', (tool, find) => {
    const file = find();
    if (path.isAbsolute(file)) {
      expect(fs.statSync(file).isFile()).toBe(true);
      expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
    }
    expect(execFileSync(file, ['-version'], { encoding: 'utf8' })).toMatch(new RegExp(`^${tool} version `));
  });

  it('answers from its cache on the second call', () => {
    expect(ownMediaFfmpeg()).toBe(ownMediaFfmpeg());
  });
});

describe('version parsing', () => {
  it.each([
    ['ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023 the FFmpeg developers', [6, 1, 1]],
    ['ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021', [4, 4, 2]],
    ['ffmpeg version n7.0 Copyright (c) 2000-2024', [7, 0, 0]],
    ['ffprobe version 7.1.1-static https://johnvansickle.com/ffmpeg/', [7, 1, 1]],
    // Git builds: dated ones take the release before their date, undated ones count as the packaged 4.1.
    ['ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/', [4, 1, 0]],
    ['ffmpeg version N-113007-g8d24a28d06-20231213 Copyright (c) 2000-2023', [6, 1, 0]],
    ['ffmpeg version 2024-03-07-git-97beb63a66-full_build-www.gyan.dev', [6, 1, 0]],
    // What the installer packages report as their version.
    ['20181210-g0e8eb07980', [4, 1, 0]],
    ['20230721-c2b3861', [6, 0, 0]],
  ] as const)('%s', (line, expected) => {
    expect(parseVersion(line)).toEqual(expected);
  });

  it('returns null for text that is not a version', () => {
    expect(parseVersion('')).toBeNull();
    expect(parseVersion('command not found')).toBeNull();
  });

  it('orders versions by major, minor, patch', () => {
    expect(compareVersions([6, 1, 0], [4, 1, 0])).toBeGreaterThan(0);
    expect(compareVersions([4, 1, 0], [4, 1, 0])).toBe(0);
    expect(compareVersions([4, 0, 9], [4, 1, 0])).toBeLessThan(0);
  });
});

describe('runOwnMediaFfmpeg', () => {
  it('resolves when ffmpeg succeeds', async () => {
    const out = path.join(tmp, 'tone.m4a');
    await runOwnMediaFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', '-c:a', 'aac', out], { timeoutMs: 30_000 });
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });

  it("rejects with ffmpeg's own explanation of a bad input", async () => {
    const bad = path.join(tmp, 'not-a-video.mp4');
    fs.writeFileSync(bad, 'this is not a video');
    const run = runOwnMediaFfmpeg(['-y', '-i', bad, '-f', 'null', '-']);
    await expect(run).rejects.toThrow(/ffmpeg failed \(exit code \d+\)/);
    await expect(run).rejects.toThrow(/Invalid data found when processing input/);
  });

  it('rejects when ffmpeg runs past its time limit', async () => {
    const run = runOwnMediaFfmpeg(['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30', '-f', 'null', '-'], { timeoutMs: 300 });
    await expect(run).rejects.toThrow(/timed out after 300 ms/);
  });
});
