// What an HLS playlist says, enough to register it as a stream course: whether a URL or a Content-Type names
// one, whether its text is a master or a media playlist, and the title a stream course takes from its URL.
// Pure: the caller fetches the text (download.ts), hls.js plays the stream.

const HLS_TYPES = new Set(['application/vnd.apple.mpegurl', 'application/x-mpegurl', 'audio/mpegurl', 'audio/x-mpegurl']);

export function isHlsUrl(url: URL): boolean {
  return url.pathname.toLowerCase().endsWith('.m3u8');
}

export function isHlsContentType(contentType: string | undefined): boolean {
  return HLS_TYPES.has((contentType ?? '').split(';')[0]!.trim().toLowerCase());
}

export type Playlist = { kind: 'master'; variants: string[] } | { kind: 'media'; segments: number; durationMs: number; ended: boolean };

/** Parses an HLS playlist enough to know it is one: a master with variants, or a media playlist with segments. */
export function parsePlaylist(text: string): Playlist | { error: string } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') return { error: '不是 HLS 播放列表（第一行应为 #EXTM3U）/ not an HLS playlist (the first line must be #EXTM3U)' };
  const variants: string[] = [];
  let segments = 0;
  let durationMs = 0;
  let ended = false;
  let expect: 'variant' | 'segment' | null = null;
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-STREAM-INF')) {
      expect = 'variant';
    } else if (line.startsWith('#EXTINF:')) {
      const seconds = Number(line.slice('#EXTINF:'.length).split(',')[0]);
      if (!Number.isFinite(seconds) || seconds < 0) return { error: `片段时长无法识别：${line} / a segment duration cannot be read` };
      durationMs += seconds * 1000;
      expect = 'segment';
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (!line.startsWith('#')) {
      if (expect === 'variant') variants.push(line);
      else if (expect === 'segment') segments += 1;
      else return { error: `播放列表中有无法识别的行：${line.slice(0, 80)} / a line of the playlist cannot be read` };
      expect = null;
    }
  }
  if (variants.length > 0) return { kind: 'master', variants };
  if (segments > 0) return { kind: 'media', segments, durationMs: Math.round(durationMs), ended };
  return { error: '播放列表中没有任何片段或码流 / the playlist lists no segments and no streams' };
}

/** A course title from a URL: the file's name, or its folder's when the name says nothing ('index.m3u8'). */
export function titleFromUrl(url: URL): string {
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const name = segments.pop() ?? '';
  const stem = name.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim();
  if (stem !== '' && !/^(index|playlist|master|main|live|stream|prog_index|chunklist\w*|video|mono)$/i.test(stem)) return stem;
  return segments.pop()?.trim() || url.hostname;
}
