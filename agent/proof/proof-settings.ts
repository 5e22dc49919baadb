// The administrator's proof-of-viewing settings, kept through the settings table: the room camera is off
// until turned on (it photographs a room of people), and which device it is.
import type { Db } from '../store/database.ts';
import { readSettingWithDefaults, updateSetting } from '../settings/settings-store.ts';
import { CAMERA_DEVICE_PATTERN } from './ffmpeg-room-camera.ts';

export interface ProofSettings {
  /** 摄像头拍照: one photo of the room per group viewing. Off by default. */
  roomCamera: boolean;
  cameraDevice: string;
}

export const DEFAULT_PROOF_SETTINGS: ProofSettings = { roomCamera: false, cameraDevice: '/dev/video0' };
const KEY = 'proof';

export function readProofSettings(db: Db): ProofSettings {
  return readSettingWithDefaults(db, KEY, DEFAULT_PROOF_SETTINGS);
}

export function writeProofSettings(db: Db, patch: Partial<ProofSettings>, at: number): ProofSettings {
  if (patch.cameraDevice !== undefined && !CAMERA_DEVICE_PATTERN.test(patch.cameraDevice)) {
    throw new Error(`摄像头设备名无效：${patch.cameraDevice} / not a camera device`);
  }
  return updateSetting(db, KEY, DEFAULT_PROOF_SETTINGS, patch, at);
}
