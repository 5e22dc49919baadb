// The `yuanjiao` command of a checkout (and of the tests, which run it in-process): every station command and
// the county hub's under `yuanjiao county`. The packages install one side each (run-station.ts, run-county.ts).
import { STATION_COMMANDS } from './station-commands.ts';
import { runCommands, stdio, type BeforeAction, type CommandSet, type Output } from './program.ts';
import { describeStationError } from './station-errors.ts';

export type { Output } from './program.ts';

export const ALL_COMMANDS: CommandSet = {
  ...STATION_COMMANDS,
  county: () => import('./commands/county.ts').then((m) => m.countyCommand),
};

/** Runs the CLI and returns the exit code; never calls process.exit, so tests can run it in-process. */
export async function main(argv: string[], io: Output = stdio, commands: CommandSet = ALL_COMMANDS, beforeAction?: BeforeAction): Promise<number> {
  return runCommands(argv, io, commands, describeStationError, beforeAction);
}
