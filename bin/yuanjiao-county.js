#!/usr/bin/env node
// The county hub's entry point of a checkout: `yuanjiao-county start` is `yuanjiao county start`.
import { runBuilt } from './run-built.js';

await runBuilt('yuanjiao-county');
