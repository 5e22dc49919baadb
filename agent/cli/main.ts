// The `yuanjiao` command: the operator's entry point to the station agent and its records.
import { Command, CommanderError } from 'commander';
import { describeError } from './cli-error.ts';
import { startCommand } from './commands/start.ts';
import { rosterCommand } from './commands/roster.ts';
import { programCommand } from './commands/program.ts';
import { checkinCommand } from './commands/checkin.ts';
import { reportCommand } from './commands/report.ts';
import { logCommand } from './commands/log.ts';
import { sessionCommand } from './commands/session.ts';
import { contentCommand } from './commands/content.ts';
import { kioskCommand } from './commands/kiosk.ts';
import { exportCommand } from './commands/export.ts';
import { enrollCommand } from './commands/enroll.ts';
import { countyCommand } from './commands/county.ts';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Output = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export function buildProgram(io: Output): Command {
  const program = new Command('yuanjiao')
    .description('远教终端站点软件 / Yuanjiao remote-education terminal station')
    .version('0.1.0')
    .showHelpAfterError('（用 --help 查看用法 / see --help）')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const make of [startCommand, rosterCommand, programCommand, checkinCommand, sessionCommand, reportCommand, logCommand, contentCommand, kioskCommand, exportCommand, enrollCommand, countyCommand]) {
    const sub = make(io);
    sub.exitOverride();
    sub.commands.forEach((c) => c.exitOverride());
    program.addCommand(sub);
  }
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit, so tests can run it in-process. */
export async function main(argv: string[], io: Output = stdio): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
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
