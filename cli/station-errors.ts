// The station's refusals as the CLI says them: the database of a newer release, a damaged database (exit 65),
// another agent on the data directory, no maintained ffmpeg for courseware, and every refusal the API gives (a
// check-in outside its window, a wrong PIN, a bad roster row, a full disk …) — with the same message as on
// screen (said from the CLI's own catalogue, station-refusal-texts.ts), exit 1, no stack trace.
import { toApiError } from '../agent/api/api-error.ts';
import { SchemaTooNewError } from '../agent/store/migrate.ts';
import { InstanceLockError } from '../common/instance-lock.ts';
import { DatabaseDamagedError } from '../common/database-check.ts';
import { FfmpegUnavailableError } from '../content/ffmpeg.ts';
import { describeError, type ErrorDescription } from './cli-error.ts';
import { stationRefusalText } from './station-refusal-texts.ts';

export function describeStationError(err: unknown): ErrorDescription {
  if (err instanceof SchemaTooNewError || err instanceof InstanceLockError || err instanceof FfmpegUnavailableError) return { message: err.message, expected: true, exitCode: 1 };
  if (err instanceof DatabaseDamagedError) return { message: err.message, expected: true, exitCode: err.exitCode };
  const api = toApiError(err);
  if (api) return { message: stationRefusalText(api), expected: true, exitCode: 1 };
  return describeError(err);
}
