// Strings of proof of viewing (收看留证) in the admin settings: the room camera's switch.
export const zh = {
  'proof.settings.title': '收看留证',
  'proof.settings.screen': '每场集中收看在开始、中间、结束时各截取一次屏幕，随收看记录上报县级平台。',
  'proof.settings.camera': '摄像头拍照',
  'proof.settings.camera.on': '开',
  'proof.settings.camera.off': '关',
  'proof.settings.cameraNote': '开启后，每场集中收看拍摄一张现场照片（会拍到在场人员），随收看记录上报。站点保留 90 天，县级平台保留一年。',
  'proof.settings.savedOn': '摄像头拍照已开启',
  'proof.settings.savedOff': '摄像头拍照已关闭',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'proof.settings.title': 'Proof of viewing',
  'proof.settings.screen': 'The screen is captured at the start, middle and end of each group viewing and sent to the county hub with its record.',
  'proof.settings.camera': 'Room photo',
  'proof.settings.camera.on': 'On',
  'proof.settings.camera.off': 'Off',
  'proof.settings.cameraNote': 'When on, one photo of the room (with the people in it) is taken per group viewing and sent with its record. Kept 90 days at the station, a year at the county hub.',
  'proof.settings.savedOn': 'Room photo turned on',
  'proof.settings.savedOff': 'Room photo turned off',
};
