// The compiled `yuanjiao` of a checkout (build/app/yuanjiao.js): every command, the county hub's included.
import { ALL_COMMANDS, main } from './main.ts';
import { stdio, staleBuildGuard } from './program.ts';

// No top-level await: the build runs this as CommonJS (scripts/build.ts). main() never rejects.
void main(process.argv, stdio, ALL_COMMANDS, staleBuildGuard()).then((code) => (process.exitCode = code));
