// The few Electron APIs the shell uses, declared here so tsc never needs the electron package.
//
// Electron cannot be installed on every machine that builds and tests this project, so instead of
// @types/electron this file states exactly the surface we rely on (Electron >= 25). The real module is
// loaded at run time inside Electron (`require('electron')` in the bundled entry); in tests a fake that
// implements these interfaces stands in for it.

export interface ElectronEvent {
  preventDefault(): void;
  defaultPrevented?: boolean;
}

/** Electron's `Input` for before-input-event. */
export interface Input {
  type: 'keyDown' | 'keyUp' | 'rawKeyDown' | 'char' | string;
  key: string;
  code: string;
  isAutoRepeat: boolean;
  shift: boolean;
  control: boolean;
  alt: boolean;
  meta: boolean;
}

export interface RenderProcessGoneDetails {
  reason: string;
  exitCode: number;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webviewTag?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  devTools?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
  safeDialogs?: boolean;
  backgroundThrottling?: boolean;
  autoplayPolicy?: 'no-user-gesture-required' | 'user-gesture-required' | 'document-user-activation-required';
}

export interface BrowserWindowOptions {
  show?: boolean;
  kiosk?: boolean;
  fullscreen?: boolean;
  frame?: boolean;
  autoHideMenuBar?: boolean;
  backgroundColor?: string;
  title?: string;
  webPreferences?: WebPreferences;
}

export type PermissionRequestHandler = (webContents: WebContents, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
export type PermissionCheckHandler = (webContents: WebContents | null, permission: string, requestingOrigin: string) => boolean;

export interface Session {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void;
  on(event: 'will-download', listener: (event: ElectronEvent) => void): this;
}

/** The events of WebContents the shell listens to; the `url` argument of will-navigate is also on `event.url` since Electron 25. */
/** Electron's NativeImage, as capturePage returns it (proof of viewing: electron-capturer.electron.ts). */
export interface NativeImage {
  getSize(): { width: number; height: number };
  resize(options: { width?: number; height?: number; quality?: 'good' | 'better' | 'best' }): NativeImage;
  toJPEG(quality: number): Buffer;
  isEmpty(): boolean;
}

export interface WebContents {
  readonly session: Session;
  capturePage(): Promise<NativeImage>;
  getURL(): string;
  loadURL(url: string): Promise<void>;
  loadFile(file: string, options?: { query?: Record<string, string> }): Promise<void>;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void>;
  isDevToolsOpened(): boolean;
  closeDevTools(): void;
  openDevTools(options: { mode: 'detach' }): void;
  forcefullyCrashRenderer(): void;
  executeJavaScript(code: string): Promise<unknown>;
  getLastWebPreferences(): WebPreferences | null;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: ElectronEvent & { url?: string }, url?: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): this;
  on(event: 'before-input-event', listener: (event: ElectronEvent, input: Input) => void): this;
  on(event: 'devtools-opened' | 'did-finish-load', listener: () => void): this;
  on(event: 'render-process-gone', listener: (event: ElectronEvent, details: RenderProcessGoneDetails) => void): this;
  on(event: 'did-fail-load', listener: (event: ElectronEvent, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void): this;
}

export interface BrowserWindow {
  readonly webContents: WebContents;
  removeMenu(): void;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: ElectronEvent) => void): this;
  on(event: 'unresponsive' | 'responsive' | 'closed', listener: () => void): this;
}

export type BrowserWindowConstructor = new (options: BrowserWindowOptions) => BrowserWindow;

export interface IpcMainInvokeEvent {
  senderFrame: { url: string } | null;
}

export interface App {
  commandLine: { appendSwitch(name: string, value?: string): void };
  requestSingleInstanceLock(): boolean;
  setPath(name: 'userData', path: string): void;
  whenReady(): Promise<void>;
  quit(): void;
  exit(code?: number): void;
  /** Starts the app again once this instance exits (remote help's restart). */
  relaunch(): void;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): this;
  on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContents) => void): this;
}

/** The main-process module, as `require('electron')` returns it inside Electron. */
export interface ElectronMain {
  app: App;
  BrowserWindow: BrowserWindowConstructor;
  Menu: { setApplicationMenu(menu: null): void };
  ipcMain: { handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number; stop(id: number): void };
}

/** The sandboxed preload's module. */
export interface ElectronPreload {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
}
