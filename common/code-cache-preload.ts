// build/app/code-cache.js, which each compiled program requires first (scripts/build.ts), so that the files
// beside it compile through V8's code cache (code-cache.ts).
import { installCodeCache } from './code-cache.ts';

installCodeCache(import.meta.dirname);
