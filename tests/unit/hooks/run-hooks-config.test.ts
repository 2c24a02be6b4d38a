import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('on-run-start / on-run-end in the project file', () => {
  it('reads one SQL text or a list, unrendered, with no warning', () => {
    const root = tempProject({
      'dbt_project.yml': [
        'name: shop',
        'on-run-start: "create schema if not exists {{ target.schema }}_audit"',
        'on-run-end:',
        '  - "grant usage on schema {{ target.schema }} to reporter"',
        '  - sql: "{{ log_results(results) }}"',
      ].join('\n'),
    });
    const project = loadProject(root);
    expect(project.onRunStart).toEqual(['create schema if not exists {{ target.schema }}_audit']);
    expect(project.onRunEnd).toEqual([
      'grant usage on schema {{ target.schema }} to reporter',
      '{{ log_results(results) }}',
    ]);
    expect(project.warnings).toEqual([]);
  });

  it('reports a hook that is not SQL text at its line', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\non-run-end:\n  - "select 1"\n  - 42\n' });
    expectStrataError(() => loadProject(root), {
      file: 'dbt_project.yml',
      line: 4,
      message: /"on-run-end" must be SQL text or a list of SQL texts, got a number/,
    });
  });
});
