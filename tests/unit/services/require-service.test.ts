import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requireService } from '../../services/lifecycle/integration.js';
import { tempDir } from '../../support/temp-dir.js';

describe('requireService when the service is not running', () => {
  const saved = { ci: process.env.CI, cache: process.env.STRATA_CACHE_DIR };

  beforeEach(() => {
    process.env.STRATA_CACHE_DIR = tempDir('strata-no-services-');
  });

  afterEach(() => {
    process.env.CI = saved.ci;
    process.env.STRATA_CACHE_DIR = saved.cache;
    if (saved.ci === undefined) delete process.env.CI;
    if (saved.cache === undefined) delete process.env.STRATA_CACHE_DIR;
    vi.restoreAllMocks();
  });

  it('skips loudly, naming the service and how to start it, outside CI', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireService('kafka')).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /SKIPPED: kafka integration tests cannot run: it is not running\.[\s\S]*npm run services -- start kafka/,
    );
  });

  it('fails instead of skipping with CI=true', () => {
    process.env.CI = 'true';
    expect(() => requireService('postgres')).toThrow(/postgres integration tests cannot run: it is not running/);
  });
});
