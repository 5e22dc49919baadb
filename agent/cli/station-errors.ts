// The station's refusals as the CLI says them: the database of a newer release, another agent on the data
// directory, and every refusal the API gives (a check-in outside its window, a wrong PIN, a bad roster row, a
// full disk …), and no maintained ffmpeg for courseware — with the same message as on screen, exit 1, no stack trace.
import { toApiError } from '../api/api-error.ts';
import { SchemaTooNewError } from '../store/migrate.ts';
import { InstanceLockError } from '../../common/instance-lock.ts';
import { FfmpegUnavailableError } from '../../content/ffmpeg.ts';
import { describeError, type ErrorDescription } from './cli-error.ts';

export function describeStationError(err: unknown): ErrorDescription {
  if (err instanceof SchemaTooNewError || err instanceof InstanceLockError || err instanceof FfmpegUnavailableError) return { message: err.message, expected: true, exitCode: 1 };
  const api = toApiError(err);
  if (api) return { message: api.message, expected: true, exitCode: 1 };
  return describeError(err);
}
