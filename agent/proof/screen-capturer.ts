// What proof of viewing (收看留证) takes its pictures with: the kiosk's screen and, where the administrator
// turned it on, a camera in the room. Interfaces only, so the service and its tests do not care which
// browser or device is behind them (devtools-capturer.ts, ffmpeg-room-camera.ts are the real ones).

/** One JPEG thumbnail, at most MAX_PROOF_JPEG_BYTES (protocol/event-bodies.pure.ts). */
export interface ProofPicture {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** What the kiosk's screen shows now, as a thumbnail. Rejects when the screen cannot be captured. */
export interface ScreenCapturer {
  capture(): Promise<ProofPicture>;
}

/** One photo of the room, as a thumbnail. Rejects when the camera cannot take one. */
export interface RoomCamera {
  photograph(): Promise<ProofPicture>;
}
