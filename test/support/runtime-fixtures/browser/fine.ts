// Browser code as it should be: the DOM, and no Node.
export const title = (): string => document.title;
