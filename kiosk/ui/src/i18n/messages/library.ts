// Strings of the admin screen's library parts.
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
