// The machinery of the `yuanjiao` commands: a command tree whose commands load only when run, and how it runs
// (errors in words, exit codes, nothing calls process.exit). Which commands a program has is its entry's
// choice: main.ts (a checkout: all), run-station.ts and run-county.ts (what each package installs). This module
// names no command itself, so a package's build reaches only the commands its entry names.
//
// Each command's module is loaded only when that command runs (all of them for the full help or an unknown
// name): the agent under systemd and the screen launcher under cage are long-running processes, and neither
// carries the code of every other command.
import { Command, CommanderError } from 'commander';
import { CliError, describeError, type ErrorDescription } from './cli-error.ts';
import { appVersion } from '../common/app-paths.ts';
import { staleBuildProblem } from '../common/build-info.ts';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

type MakeCommand = (io: Output) => Command;
/** A top-level command by name, and how to load its definition. */
export type CommandSet = Record<string, () => Promise<MakeCommand>>;

/** Errors and help go through `io` and never exit the process, at every level of the tree. */
export function quietly(command: Command, io: Output): Command {
  command.configureOutput({ writeOut: io.out, writeErr: io.err }).exitOverride();
  for (const sub of command.commands) quietly(sub, io);
  return command;
}

export async function buildProgram(io: Output, commands: CommandSet, only?: string): Promise<Command> {
  const program = new Command('yuanjiao')
    .description('远教终端站点软件 / Yuanjiao remote-education terminal station')
    .version(appVersion())
    .showHelpAfterError('（用 --help 查看用法 / see --help）');
  const names = only !== undefined && Object.hasOwn(commands, only) ? [only] : Object.keys(commands);
  for (const name of names) program.addCommand((await commands[name]!())(io));
  return quietly(program, io);
}

/** How a program words its errors: describeError, or the station's describeStationError. */
export type Describe = (err: unknown) => ErrorDescription;

/** Runs a parsed command tree and returns the exit code; never calls process.exit, so tests can run it in-process. */
export async function run(program: Command, argv: string[], io: Output, describe: Describe = describeError): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    const { message, expected, exitCode } = describe(err);
    io.err(`错误 / error: ${message}`);
    if (!expected && err instanceof Error && err.stack) io.err(err.stack);
    return exitCode;
  }
}

/** Awaited before any command's action runs, at every level of the tree; a throw refuses the command. */
export type BeforeAction = () => Promise<void>;

/** The CLI with `commands`, loading only the one argv names (the first word that is not an option). */
export async function runCommands(argv: string[], io: Output, commands: CommandSet, describe?: Describe, beforeAction?: BeforeAction): Promise<number> {
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const program = await buildProgram(io, commands, named);
  if (beforeAction) program.hook('preAction', beforeAction);
  return run(program, argv, io, describe);
}

/**
 * For the compiled entry points: no command of a missing build, or of one older than the sources beside it,
 * runs. The check starts now and is awaited only as a command is about to run, so walking a checkout's sources
 * overlaps loading the command instead of adding to every start.
 */
export function staleBuildGuard(): BeforeAction {
  const problem = staleBuildProblem();
  return async () => {
    const found = await problem;
    if (found !== null) throw new CliError(found);
  };
}
