import { describe, it, expect } from 'vitest';
import { playability } from '../../content/playability.pure.ts';

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

describe('what the kiosk can play', () => {
  it('plays H.264 8-bit with AAC in MP4 as it is, and VP9/Opus WebM', () => {
    expect(playability({ container: MP4, video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: { codec: 'aac' } })).toEqual({ action: 'as_is' });
    expect(playability({ container: MP4, video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: null })).toEqual({ action: 'as_is' });
    expect(playability({ container: 'matroska,webm', video: { codec: 'vp9', pixelFormat: 'yuv420p' }, audio: { codec: 'opus' } })).toEqual({ action: 'as_is' });
  });

  it('rewraps H.264/AAC from FLV, MPEG-TS or MKV without re-encoding', () => {
    expect(playability({ container: 'flv', video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: { codec: 'aac' } })).toMatchObject({ action: 'remux' });
    expect(playability({ container: 'mpegts', video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: { codec: 'aac' } })).toMatchObject({ action: 'remux' });
    expect(playability({ container: 'matroska,webm', video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: { codec: 'aac' } })).toMatchObject({ action: 'remux' });
  });

  it('transcodes the legacy codecs stations receive', () => {
    for (const [container, v, a] of [
      ['mpeg', 'mpeg2video', 'mp2'],
      ['mpeg', 'mpeg1video', 'mp2'],
      ['asf', 'wmv2', 'wmav2'],
      ['asf', 'vc1', 'wmapro'],
      ['flv', 'flv1', 'mp3'],
      ['avi', 'mpeg4', 'mp3'],
      ['avi', 'msmpeg4v3', 'mp3'],
      [MP4, 'hevc', 'aac'],
    ] as const) {
      const r = playability({ container, video: { codec: v, pixelFormat: 'yuv420p' }, audio: { codec: a } });
      expect(r.action, `${v}/${a} in ${container}`).toBe('transcode');
      if (r.action === 'transcode') expect(r.reason).toContain(v);
    }
  });

  it('transcodes 10-bit H.264 and MP4 with audio Chromium cannot decode', () => {
    expect(playability({ container: MP4, video: { codec: 'h264', pixelFormat: 'yuv420p10le' }, audio: { codec: 'aac' } })).toEqual({ action: 'transcode', reason: 'h264 yuv420p10le/aac in mov' });
    expect(playability({ container: MP4, video: { codec: 'h264', pixelFormat: 'yuv420p' }, audio: { codec: 'ac3' } })).toMatchObject({ action: 'transcode' });
  });

  it('asks for a transcode when there is no video at all', () => {
    expect(playability({ container: 'mp3', video: null, audio: { codec: 'mp3' } })).toEqual({ action: 'transcode', reason: 'no video stream' });
  });
});
