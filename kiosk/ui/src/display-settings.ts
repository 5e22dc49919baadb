// The station's display settings on the page: text size and high contrast, as attributes on <html> that the
// styles key on (styles/app.css, styles/high-contrast.css), so every screen, dialog and overlay follows at once.
import type { StationState } from './api-types.ts';

type DisplaySettings = Pick<StationState['station'], 'textSize' | 'highContrast'>;

export function applyDisplaySettings(settings: DisplaySettings, root: HTMLElement = document.documentElement): void {
  const size = String(settings.textSize);
  if (root.dataset.textSize !== size) root.dataset.textSize = size;
  if (settings.highContrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
}
