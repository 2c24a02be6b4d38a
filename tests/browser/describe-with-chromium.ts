import { describe, it } from 'vitest';
import { chromiumMissing } from './chromium.js';

/**
 * `describe` for a suite that needs Chromium. Without it the suite is skipped with a loud
 * warning, or fails with the reason when CI=true: in CI a skipped browser suite would hide
 * a broken docs site.
 */
export function describeWithChromium(title: string, body: () => void): void {
  const missing = chromiumMissing();
  if (!missing) {
    describe(title, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('finds Chromium', () => {
        throw new Error(`Browser tests cannot run: ${missing}`);
      });
    });
    return;
  }
  const rule = '!'.repeat(78);
  console.warn(`\n${rule}\nSKIPPED: browser tests cannot run: ${missing}\n${rule}\n`);
  describe.skip(title, () => {
    it('needs Chromium', () => undefined);
  });
}
