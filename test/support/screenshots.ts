// Saves a PNG of a screen under test-artifacts/ (git-ignored) so a person can look at what the tests saw.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const ARTIFACT_DIR = path.resolve('test-artifacts');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
  const file = path.join(ARTIFACT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
