#!/usr/bin/env node
// The operator's entry point of a checkout: every command, the county hub's under `yuanjiao county`.
import { runBuilt } from './run-built.js';

await runBuilt('yuanjiao');
