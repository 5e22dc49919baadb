// Why a download stopped, as a code and its values (protocol/refusals/courseware-texts.pure.ts words them: the
// agent's job sends them, the CLI says both languages), and the URLs a download accepts at all.
import { coursewareText, problemOf, type CoursewareProblem } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

export type DownloadErrorCode = 'bad_url' | 'http_status' | 'network' | 'no_space' | 'busy' | 'cancelled' | 'size_mismatch' | 'playlist_too_large' | 'too_many_redirects' | 'no_ffmpeg';

export type DownloadProblem = CoursewareProblem<DownloadErrorCode>;

export class DownloadError extends Error {
  readonly code: DownloadErrorCode;

  /** The message is the problem's words on one line, unless a more precise one is given (no_ffmpeg: which binary). */
  constructor(
    readonly problem: DownloadProblem,
    readonly status: number | null = null,
    message: string = oneLine(coursewareText(problem)),
  ) {
    super(message);
    this.name = 'DownloadError';
    this.code = problem.code;
  }
}

export function cancelled(): DownloadError {
  return new DownloadError(problemOf('cancelled', { what: 'download' }));
}

/** An http(s) URL, or a DownloadError a person can act on. */
export function parseDownloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DownloadError(problemOf('bad_url', { url: text, reason: 'invalid' }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError(problemOf('bad_url', { url: text, reason: 'scheme' }));
  return url;
}

/** Anything but our own verdicts (a refusal, a cancel) is the network's fault, and worth another try. */
export function isNetworkError(err: unknown): boolean {
  if (err instanceof DownloadError) return false;
  return err instanceof Error;
}
