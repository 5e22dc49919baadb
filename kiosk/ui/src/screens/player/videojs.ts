// video.js as the player uses it, typed. video.js ships CommonJS-style declarations: under NodeNext they
// describe the default import as the module object, while esbuild hands the kiosk bundle the ES build's
// function. This file bridges the two and names the few player methods we rely on.
import videojsImport from 'video.js';

export interface VjsMediaError {
  code: number;
  message?: string;
}

export interface VjsPlayer {
  on(event: string, handler: () => void): void;
  src(source: { src: string; type: string }): void;
  play(): Promise<void> | undefined;
  pause(): void;
  volume(level: number): void;
  muted(muted: boolean): void;
  currentTime(seconds: number): void;
  error(): VjsMediaError | null;
  error(reset: null): void;
  el(): Element;
  dispose(): void;
}

export interface VideoJs {
  (element: Element, options: Record<string, unknown>): VjsPlayer;
  getTech(name: string): unknown;
}

export const videojs = videojsImport as unknown as VideoJs;
