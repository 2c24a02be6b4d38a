import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import { parseProject } from '../../../src/parser/parse-project.js';

const REPO = resolve(import.meta.dirname, '../../..');

describe('the example project exposures', () => {
  it('declares the Metabase and Grafana dashboards, each reading Gold models only', () => {
    const project = loadProject(REPO);
    const { target } = loadTarget({ projectRoot: REPO, profilesDir: REPO, profileName: project.profile });
    const { manifest } = parseProject({ project, target, dialect: createDialect(target.type) });
    const exposures = [...(manifest.exposures?.values() ?? [])];
    expect(exposures.map((exposure) => [exposure.name, new URL(exposure.url!).hostname])).toEqual([
      ['sales_overview', 'metabase.example.com'],
      ['live_operations', 'grafana.example.com'],
    ]);
    for (const exposure of exposures) {
      expect(exposure).toMatchObject({ exposureType: 'dashboard', owner: { name: expect.any(String) } });
      expect(exposure.maturity).toBeDefined();
      expect(exposure.dependsOn.length).toBeGreaterThan(0);
      for (const parent of exposure.dependsOn)
        expect(manifest.nodes.get(parent)?.fqn.slice(0, 2)).toEqual(['shop', 'gold']);
    }
  });
});
