import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import { parseProject } from '../../../src/parser/parse-project.js';
import { ParseScope } from '../../../src/parser/parse-scope.js';
import { tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: analytics }\n';

describe('ParseScope.forContext', () => {
  it("renders with the context's dialect, target, vars and invocation", () => {
    const dir = tempProject({ 'dbt_project.yml': 'name: shop\nvars: { region: eu }\n', 'profiles.yml': PROFILES });
    const project = loadProject(dir);
    const { target } = loadTarget({ projectRoot: dir, profilesDir: dir, profileName: project.profile });
    const { context } = parseProject({ project, target, dialect: createDialect(target.type) });

    const scope = ParseScope.forContext(context, 'models/orders.sql', { schema: 'analytics', identifier: 'orders' });

    expect(scope.file).toBe('models/orders.sql');
    expect(scope.dialect).toBe(context.dialect);
    expect(scope.target).toBe(context.targetContext);
    expect(scope.target.schema).toBe('analytics');
    expect(scope.variable('region')).toBe('eu');
    expect(scope.dbt.invocation).toBe(context.invocation);
    expect(String(scope.self)).toBe('"analytics"."orders"');
  });
});
