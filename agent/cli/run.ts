// The compiled `yuanjiao` of a checkout (build/app/yuanjiao.js): every command, the county hub's included.
import { ALL_COMMANDS, main, stdio } from './main.ts';
import { refuseStaleBuild } from '../../common/build-info.ts';

refuseStaleBuild();
process.exitCode = await main(process.argv, stdio, ALL_COMMANDS);
