// The satisfaction screen (满意度测评) after a group viewing.
export const zh = {
  'satisfaction.heading': '满意度测评',
  'satisfaction.question': '您对本次集中收看满意吗？',
  'satisfaction.hint': '用 ← → 选择，按“确定”提交；也可先刷卡再选择。匿名评价，每人一次。',
  'satisfaction.satisfied': '满意',
  'satisfaction.basically_satisfied': '基本满意',
  'satisfaction.dissatisfied': '不满意',
  'satisfaction.count': '已有 {n} 人评价',
  'satisfaction.present': '（到场 {n} 人）',
  'satisfaction.thanks': '谢谢您的评价！',
  'satisfaction.card': '已读卡，请选择您的评价',
  'satisfaction.countdown': '{n} 秒后自动关闭 · 按返回键跳过',
  'satisfaction.loading': '正在打开满意度测评…',
  'satisfaction.records.label': '满意度',
  'satisfaction.records.detail': '{n} 人评价，要求 ≥ {target}',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'satisfaction.heading': 'Satisfaction',
  'satisfaction.question': 'Were you satisfied with this group viewing?',
  'satisfaction.hint': 'Choose with ← →, press OK to answer; or tap your card first, then choose. Anonymous, one answer each.',
  'satisfaction.satisfied': 'Satisfied',
  'satisfaction.basically_satisfied': 'Mostly satisfied',
  'satisfaction.dissatisfied': 'Dissatisfied',
  'satisfaction.count': '{n} answered so far',
  'satisfaction.present': ' ({n} present)',
  'satisfaction.thanks': 'Thank you!',
  'satisfaction.card': 'Card read: now choose your answer',
  'satisfaction.countdown': 'Closes by itself in {n} s · Back to skip',
  'satisfaction.loading': 'Opening the survey…',
  'satisfaction.records.label': 'Satisfaction',
  'satisfaction.records.detail': '{n} answers; target ≥ {target}',
};
