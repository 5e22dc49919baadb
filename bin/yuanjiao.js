#!/usr/bin/env node
// The operator's entry point. Sources are TypeScript run through tsx, so what runs is what was reviewed:
// there is no build output that could go stale beside it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../agent/cli/main.ts');
process.exitCode = await main(process.argv);
