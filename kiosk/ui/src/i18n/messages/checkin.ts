// Strings of the checkin screen(s).
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
