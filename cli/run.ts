// The compiled `yuanjiao` of a checkout (build/app/yuanjiao.js): every command, the county hub's included.
import { ALL_COMMANDS, main } from './main.ts';
import { stdio, staleBuildGuard } from './program.ts';

process.exitCode = await main(process.argv, stdio, ALL_COMMANDS, staleBuildGuard());
