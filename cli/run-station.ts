// The terminal's `yuanjiao` as the station package installs it (build/app/yuanjiao-station.js): the station's
// commands only. The county hub is a package of its own; `yuanjiao county` says so instead of failing oddly.
import { Command } from 'commander';
import { runCommands, staleBuildGuard, stdio, type Output } from './program.ts';
import { STATION_COMMANDS } from './station-commands.ts';
import { describeStationError } from './station-errors.ts';
import { CliError } from './cli-error.ts';

function countyNotInstalled(_io: Output): Command {
  return new Command('county')
    .description('县级管理平台（未安装）/ the county hub (not installed here)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(() => {
      throw new CliError('本机未安装县级管理平台；请在县里的服务器上安装 yuanjiao-county 软件包 / the county hub is not installed here: install the yuanjiao-county package on the county server');
    });
}

// No top-level await: the build runs this as CommonJS (scripts/build.ts). runCommands() never rejects.
void runCommands(process.argv, stdio, { ...STATION_COMMANDS, county: async () => countyNotInstalled }, describeStationError, staleBuildGuard()).then(
  (code) => (process.exitCode = code),
);
