// The flags a headless Chromium started through playwright-core gets here: the PDF renderer's (render-pdf.ts)
// and the tests' (test/support/browser.ts).
//
// Decision: the omnibox's popup is switched off. Since Chromium 14x it is a web page of its own (two, with the
// AI-mode one), and a headless Chromium builds it for every browser context: a renderer process loading a
// WebUI app that nothing ever shows. Measured on the 2-core machine, the kiosk's screen-size tests (a context
// per screen) took 126 s of CPU with it and 66 s without; a PDF pays it once per Chromium it starts.
//
// Chromium reads only the last --disable-features it is given, and playwright-core puts its own list first, so
// ours carries playwright-core's too (as of 1.65). test/common/chromium-launch.test.ts launches a Chromium with
// playwright-core's flags alone and fails when that list holds a feature this one does not: an upgrade that
// adds one is noticed, not silently undone.

/** What playwright-core 1.65 switches off itself (its chromiumSwitches.ts): kept, as our list replaces its. */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

/** The omnibox popup's web pages, built per browser context and never shown headless. */
export const UNSHOWN_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

/** What Chromium needs on a station with no network beyond loopback and no GPU to speak of (the tests' browsers too). */
export const LAUNCH_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNSHOWN_FEATURES].join(',')}`,
];
