// What a download is called and checked against, without a server: HLS playlists parsed (and what is wrong with
// others said), file names and titles from headers and URLs, and a sha256 read from Repr-Digest or Digest.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestSha256, fileNameFor } from '../../content/download-headers.ts';
import { parsePlaylist, titleFromUrl } from '../../content/hls-playlist.pure.ts';
import { LIVE_MEDIA, MASTER, VOD_MEDIA } from './hls-playlists.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('parsing and naming', () => {
  it('parses master and media playlists and says what is wrong with others', () => {
    expect(parsePlaylist(MASTER)).toEqual({ kind: 'master', variants: ['low/index.m3u8', 'high/index.m3u8'] });
    expect(parsePlaylist(VOD_MEDIA)).toEqual({ kind: 'media', segments: 3, durationMs: 24_500, ended: true });
    expect(parsePlaylist('\uFEFF' + LIVE_MEDIA.replace(/\n/g, '\r\n'))).toMatchObject({ kind: 'media', segments: 3, ended: false });
    expect(parsePlaylist('<html></html>')).toMatchObject({ error: expect.stringMatching(/#EXTM3U/) });
    expect(parsePlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:6\n')).toMatchObject({ error: expect.stringMatching(/没有任何片段/) });
    expect(parsePlaylist('#EXTM3U\n#EXTINF:abc,\na.ts\n')).toMatchObject({ error: expect.stringMatching(/片段时长/) });
  });

  it('names files and titles from headers and URLs', () => {
    expect(fileNameFor(new URL('http://h/a/%E7%AC%AC%E4%B8%80%E8%AE%B2.mp4?x=1'), undefined)).toBe('第一讲.mp4');
    expect(fileNameFor(new URL('http://h/get?id=3'), `attachment; filename*=UTF-8''%E5%85%9A%E8%AF%BE.mp4`)).toBe('党课.mp4');
    expect(fileNameFor(new URL('http://h/get'), 'attachment; filename="../../evil.mp4"')).toBe('evil.mp4');
    expect(fileNameFor(new URL('http://h/video.mp4.part'), undefined)).toBe('video.mp4');
    expect(fileNameFor(new URL('http://h/'), undefined)).toBe('download');
    expect(titleFromUrl(new URL('http://h/live/%E5%8E%BF%E5%A7%94/index.m3u8'))).toBe('县委');
    expect(titleFromUrl(new URL('http://h/index.m3u8'))).toBe('h');
    expect(titleFromUrl(new URL('http://h/x/第五讲.m3u8'))).toBe('第五讲');
  });

  it('reads a sha256 from Repr-Digest or Digest', () => {
    const hex = sha(Buffer.from('x'));
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    expect(digestSha256({ 'repr-digest': `sha-512=:AAAA:, sha-256=:${b64}:` })).toBe(hex);
    expect(digestSha256({ digest: `SHA-256=${b64}` })).toBe(hex);
    expect(digestSha256({ digest: 'MD5=abc' })).toBeNull();
  });
});
