// The `yuanjiao` command: the operator's entry point to the station agent and its records.
//
// Each command's module is loaded only when that command runs (all of them for the full help or an unknown
// name): the agent under systemd and the screen launcher under cage are long-running processes, and neither
// carries the code of every other command.
import { Command, CommanderError } from 'commander';
import { describeError } from './cli-error.ts';
import { appVersion } from '../../common/app-paths.ts';

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

/** What runs on a terminal. */
export const STATION_COMMANDS: CommandSet = {
  start: () => import('./commands/start.ts').then((m) => m.startCommand),
  roster: () => import('./commands/roster.ts').then((m) => m.rosterCommand),
  program: () => import('./commands/program.ts').then((m) => m.programCommand),
  checkin: () => import('./commands/checkin.ts').then((m) => m.checkinCommand),
  session: () => import('./commands/session.ts').then((m) => m.sessionCommand),
  report: () => import('./commands/report.ts').then((m) => m.reportCommand),
  log: () => import('./commands/log.ts').then((m) => m.logCommand),
  content: () => import('./commands/content.ts').then((m) => m.contentCommand),
  kiosk: () => import('./commands/kiosk.ts').then((m) => m.kioskCommand),
  export: () => import('./commands/export.ts').then((m) => m.exportCommand),
  enroll: () => import('./commands/enroll.ts').then((m) => m.enrollCommand),
};

/** The county hub's commands, under `yuanjiao county` (and as `yuanjiao-county` where only the hub is installed). */
export const COUNTY_COMMANDS: CommandSet = {
  county: () => import('./commands/county.ts').then((m) => m.countyCommand),
};

/** A checkout runs both. */
export const ALL_COMMANDS: CommandSet = { ...STATION_COMMANDS, ...COUNTY_COMMANDS };

/** Errors and help go through `io` and never exit the process, at every level of the tree. */
export function quietly(command: Command, io: Output): Command {
  command.configureOutput({ writeOut: io.out, writeErr: io.err }).exitOverride();
  for (const sub of command.commands) quietly(sub, io);
  return command;
}

export async function buildProgram(io: Output, commands: CommandSet = ALL_COMMANDS, only?: string): Promise<Command> {
  const program = new Command('yuanjiao')
    .description('远教终端站点软件 / Yuanjiao remote-education terminal station')
    .version(appVersion())
    .showHelpAfterError('（用 --help 查看用法 / see --help）');
  const names = only !== undefined && Object.hasOwn(commands, only) ? [only] : Object.keys(commands);
  for (const name of names) program.addCommand((await commands[name]!())(io));
  return quietly(program, io);
}

/** Runs a parsed command tree and returns the exit code; never calls process.exit, so tests can run it in-process. */
export async function run(program: Command, argv: string[], io: Output): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    const { message, expected, exitCode } = describeError(err);
    io.err(`错误 / error: ${message}`);
    if (!expected && err instanceof Error && err.stack) io.err(err.stack);
    return exitCode;
  }
}

/** The CLI with `commands`, loading only the one argv names (the first word that is not an option). */
export async function main(argv: string[], io: Output = stdio, commands: CommandSet = ALL_COMMANDS): Promise<number> {
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  return run(await buildProgram(io, commands, named), argv, io);
}
