// Deliberately wrong (test/common/runtime-types.test.ts): Node code that reaches for the page.
export const title = document.title;
