// The compiled `yuanjiao` of a checkout (build/app/yuanjiao.js): every command, the county hub's included.
import { main } from './main.ts';
import { stdio } from './program.ts';
import { refuseStaleBuild } from '../../common/build-info.ts';

refuseStaleBuild();
process.exitCode = await main(process.argv, stdio);
