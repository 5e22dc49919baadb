// The kiosk page's only door to the shell (Electron sandboxed preload): window.yuanjiaoShell.
//
// Runs with sandbox: true and contextIsolation: true, so it may require only Electron's sandboxed
// subset and what esbuild bundled in; the page sees exactly the object below and nothing of Node,
// ipcRenderer or the file system. The main process checks every call again (who sent it, what it holds).
import type { ElectronPreload } from './electron-api.ts';
import { EXIT_KIOSK_CHANNEL, SHELL_GLOBAL, type AdminCredential, type ExitVerdict, type YuanjiaoShellApi } from './shell-api.pure.ts';

/** Replaced by build-shell.ts with the package version. */
declare const __YUANJIAO_VERSION__: string;
/** The sandboxed preload's require: Electron's sandboxed modules only (this file has no Node types). */
declare const require: (id: 'electron') => unknown;

// The sandboxed preload has no ESM loader; the bundle is CommonJS and Electron provides this module.
const { contextBridge, ipcRenderer } = require('electron') as ElectronPreload;

const api: YuanjiaoShellApi = {
  version: __YUANJIAO_VERSION__,
  // Only plain data crosses the bridge: the credential in, a verdict out.
  exitKiosk: (credential: AdminCredential) => ipcRenderer.invoke(EXIT_KIOSK_CHANNEL, credential) as Promise<ExitVerdict>,
};

contextBridge.exposeInMainWorld(SHELL_GLOBAL, api);
