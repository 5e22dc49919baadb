// Why a download stopped, as a value the agent and the CLI show (Chinese first, then English), and the URLs
// a download accepts at all.

export type DownloadErrorCode = 'bad_url' | 'http_status' | 'network' | 'no_space' | 'busy' | 'cancelled' | 'size_mismatch' | 'too_many_redirects' | 'no_ffmpeg';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export function cancelled(): DownloadError {
  return new DownloadError('cancelled', '下载已取消 / the download was cancelled');
}

/** An http(s) URL, or a DownloadError a person can act on. */
export function parseDownloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DownloadError('bad_url', `网址无效：${text} / not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError('bad_url', `只支持 http:// 或 https:// 网址：${text} / only http and https URLs are supported`);
  return url;
}

/** Anything but our own verdicts (a refusal, a cancel) is the network's fault, and worth another try. */
export function isNetworkError(err: unknown): boolean {
  if (err instanceof DownloadError) return false;
  return err instanceof Error;
}
