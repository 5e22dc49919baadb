// Every screen fits every TV a village has: the kiosk in a real Chromium at 1024×768 (a projector), 1280×720
// (a set-top box, or a 1080p TV at 150 %), 1366×768 (most 32" panels), 1920×1080 and 3840×2160, against a
// real agent. At each size the check-in screen, its guest dialog, the notice board, the PIN pad and every admin
// tab must show every name whole and keep everything a person can act on within the screen (or inside a list
// that scrolls to it), and nothing a TV's overscan may cut. PNGs of each go to test-artifacts/sizes-*.
// Older members' display settings: screen-sizes-older.test.ts.
import { describe } from 'vitest';
import { everyScreenAt, SIZES, useSizesKiosk } from './screen-sizes-kiosk.ts';

useSizesKiosk();

describe.each(SIZES)('the kiosk at %i×%i', (width, height) => everyScreenAt(width, height));
