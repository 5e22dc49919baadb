// The kiosk is laid out on a 1920×1080 canvas — sizes picked for a TV read from 4 m away — and shown on TVs,
// projectors and set-top boxes of every resolution: 1024×768, 1280×720, 1366×768, 1920×1080, 3840×2160 (and a
// 1080p TV at 150 % scaling, which Chromium reports as 1280×720). The same TV at a lower resolution needs the
// same picture, smaller in pixels, not a different one: the whole screen is zoomed by one factor, so that the
// canvas fits the viewport less a margin a TV's overscan may cut. A screen taller than 16:9 (a 4:3 projector)
// keeps the canvas's width and gets the extra height for lists.
//
// Decision: the margin is 5 % of each dimension, 2.5 % at each edge — what a TV's overscan cuts at most in
// practice; text and buttons stay inside it, the background fills it.

export const CANVAS = { width: 1920, height: 1080 } as const;
/** The share of each dimension kept clear of text and buttons, split between the two edges. */
export const OVERSCAN_MARGIN = 0.05;

export interface ScreenFit {
  /** The zoom applied to the whole page. */
  zoom: number;
  /** The margin at the left and right, and at the top and bottom, in the page's (zoomed) CSS pixels. */
  marginX: number;
  marginY: number;
}

/** How a viewport of width × height CSS pixels shows the canvas. Pure. */
export function screenFit(width: number, height: number): ScreenFit {
  const usableWidth = width * (1 - OVERSCAN_MARGIN);
  const usableHeight = height * (1 - OVERSCAN_MARGIN);
  const zoom = Math.min(usableWidth / CANVAS.width, usableHeight / CANVAS.height);
  return { zoom, marginX: (width * OVERSCAN_MARGIN) / 2 / zoom, marginY: (height * OVERSCAN_MARGIN) / 2 / zoom };
}

/** Fits the page to its window now and whenever the window changes size. */
export function fitToScreen(win: Window = window): void {
  const root = win.document.documentElement;
  const apply = () => {
    const fit = screenFit(win.innerWidth, win.innerHeight);
    root.style.zoom = String(fit.zoom);
    root.style.setProperty('--safe-x', `${fit.marginX}px`);
    root.style.setProperty('--safe-y', `${fit.marginY}px`);
    // The viewport in the page's own (zoomed) pixels: 100vh and 100vw are not zoomed, so on a 1280×720 screen
    // 100vh is 720 canvas pixels, two thirds of the screen — too little for a dialog at a large text size.
    root.style.setProperty('--view-w', `${win.innerWidth / fit.zoom}px`);
    root.style.setProperty('--view-h', `${win.innerHeight / fit.zoom}px`);
  };
  apply();
  win.addEventListener('resize', apply);
}
