// Whether the kiosk's Chromium plays a probed file as it is, needs only a new container, or needs
// transcoding to H.264/AAC MP4. Pure: it judges what ffprobe reported.

export interface StreamSummary {
  codec: string;
  /** Video only: ffprobe's pix_fmt, e.g. yuv420p, yuv420p10le. */
  pixelFormat?: string | null;
}

export interface MediaSummary {
  /** ffprobe's format_name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2', 'mpeg', 'asf', 'flv', 'avi', 'matroska,webm'. */
  container: string;
  video: StreamSummary | null;
  audio: StreamSummary | null;
}

export type Playability =
  | { action: 'as_is' }
  | { action: 'remux'; reason: string }
  | { action: 'transcode'; reason: string };

// Debian's Chromium is built with the proprietary codecs: H.264 and AAC in MP4 play, as do the open ones.
const MP4_VIDEO = new Set(['h264', 'av1', 'vp9']);
const MP4_AUDIO = new Set(['aac', 'mp3', 'opus', 'flac']);
const WEBM_VIDEO = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO = new Set(['opus', 'vorbis']);
/** 8-bit 4:2:0 only: 10-bit or 4:2:2 H.264 does not decode in Chromium. */
const PLAYABLE_PIXELS = new Set(['yuv420p', 'yuvj420p']);

function isMp4(container: string): boolean {
  return container.split(',').includes('mp4') || container.split(',').includes('mov');
}

function isWebm(container: string): boolean {
  return container.split(',').includes('webm');
}

export function playability(media: MediaSummary): Playability {
  const { video, audio } = media;
  if (!video) return { action: 'transcode', reason: 'no video stream' };
  const videoOk = (set: Set<string>) => set.has(video.codec) && (video.pixelFormat == null || PLAYABLE_PIXELS.has(video.pixelFormat));
  const audioOk = (set: Set<string>) => audio === null || set.has(audio.codec);
  if (isMp4(media.container) && videoOk(MP4_VIDEO) && audioOk(MP4_AUDIO)) return { action: 'as_is' };
  if (isWebm(media.container) && videoOk(WEBM_VIDEO) && audioOk(WEBM_AUDIO)) return { action: 'as_is' };
  // The streams are fine, only the box is not (e.g. H.264/AAC in FLV, MKV or MPEG-TS): rewrap, no quality lost.
  if (videoOk(MP4_VIDEO) && (audio === null || audio.codec === 'aac' || audio.codec === 'mp3')) {
    return { action: 'remux', reason: `${video.codec}${audio ? '/' + audio.codec : ''} in ${media.container.split(',')[0]}` };
  }
  const what = [video.codec + (video.pixelFormat && !PLAYABLE_PIXELS.has(video.pixelFormat) ? ` ${video.pixelFormat}` : ''), audio?.codec].filter(Boolean).join('/');
  return { action: 'transcode', reason: `${what} in ${media.container.split(',')[0]}` };
}
