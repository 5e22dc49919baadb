// A station page's proof of viewing (收看留证): the pictures each group viewing sent.
export const zh = {
  'proof.panel': '收看留证',
  'proof.hint': '每场集中收看开始、中间、结束时的屏幕截图；站点开启摄像头时另有一张现场照片。保留一年。',
  'proof.empty': '本月没有收到收看留证照片',
  'proof.moment.start': '开始',
  'proof.moment.middle': '中间',
  'proof.moment.end': '结束',
  'proof.moment.room': '现场照片',
  'proof.missing': '未收到',
  'proof.alt': '{title} {moment}（{time}）',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'proof.panel': 'Proof of viewing',
  'proof.hint': 'The screen at the start, middle and end of each group viewing; a photo of the room where the station turned its camera on. Kept a year.',
  'proof.empty': 'No proof-of-viewing pictures this month',
  'proof.moment.start': 'Start',
  'proof.moment.middle': 'Middle',
  'proof.moment.end': 'End',
  'proof.moment.room': 'Room photo',
  'proof.missing': 'not received',
  'proof.alt': '{title} {moment} ({time})',
};
