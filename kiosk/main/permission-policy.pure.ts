// Which web permissions the kiosk page gets: only what the player needs, only for the agent's page. Pure.
import { isAllowedNavigation, type AgentOrigin } from './navigation-policy.pure.ts';

/**
 * Granted to the agent's page. `fullscreen` lets the player take the whole screen (element
 * fullscreen inside the already full-screen window). Autoplay is not a permission in Electron: the
 * window is created with `autoplayPolicy: 'no-user-gesture-required'` instead.
 * Everything else (camera, microphone, notifications, geolocation, clipboard reads, MIDI, USB, HID,
 * serial, pointer lock, window management, idle detection …) is refused: the kiosk has no use for it,
 * and the card reader is a keyboard as far as the page is concerned.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen']);

export function isPermissionGranted(permission: string, requestingUrl: string, origin: AgentOrigin): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAllowedNavigation(requestingUrl, origin);
}
