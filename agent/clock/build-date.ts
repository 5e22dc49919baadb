// The day this release was cut: a terminal clock earlier than this is certainly wrong.
// Raise it with each release (scripts/release does, once it exists).
export const BUILD_DATE = '2026-11-01';
