import { describe, expect, it } from 'vitest';
import { loadSelectorsFile } from '../../../src/graph/selectors-file.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

function load(text: string) {
  return loadSelectorsFile(tempProject({ 'selectors.yml': text }));
}

describe('selectors.yml', () => {
  it("reads dbt's definition forms into selection text", () => {
    const file = load(
      [
        'selectors:',
        '  - name: text',
        '    description: CLI syntax',
        "    definition: 'tag:nightly+'",
        '  - name: method',
        '    default: true',
        '    definition:',
        '      method: path',
        '      value: models/marts',
        '      parents: true',
        '      parents_depth: 2',
        '      children: true',
        '      indirect_selection: cautious',
        '  - name: shorthand',
        '    definition:',
        '      union:',
        '        - tag: daily',
        '        - method: selector',
        '          value: text',
        '        - exclude:',
        '            - method: fqn',
        '              value: stg_x',
        '              childrens_parents: true',
        '',
      ].join('\n'),
    )!;
    expect(file.defaultSelector?.name).toBe('method');
    expect(file.selectors.get('text')).toMatchObject({
      description: 'CLI syntax',
      definition: { kind: 'text', text: 'tag:nightly+', indirect: 'eager' },
    });
    expect(file.selectors.get('method')?.definition).toMatchObject({
      kind: 'text',
      text: '2+path:models/marts+',
      indirect: 'cautious',
      at: { file: 'selectors.yml', line: 7 },
    });
    expect(file.selectors.get('shorthand')?.definition).toMatchObject({
      kind: 'union',
      items: [
        { kind: 'text', text: 'tag:daily' },
        { kind: 'selector', name: 'text' },
      ],
      exclude: [{ kind: 'text', text: '@fqn:stg_x' }],
    });
  });

  it('reads the exclusions a method carries', () => {
    const file = load(
      'selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n      exclude:\n        - stg_y\n',
    )!;
    expect(file.selectors.get('a')?.definition).toMatchObject({
      kind: 'union',
      items: [{ kind: 'text', text: 'tag:x' }],
      exclude: [{ kind: 'text', text: 'stg_y' }],
    });
  });

  it('is undefined when the project has none', () => {
    expect(loadSelectorsFile(tempProject())).toBeUndefined();
  });

  it('reports unknown keys with the closest name, at their line', () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['selectors:\n  - name: a\n    defintion: x\n', 3, 'Unknown key "defintion" in a selector', /"definition"/],
      [
        'selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n      parent: true\n',
        6,
        'Unknown key "parent" in a selector method',
        /"parents"/,
      ],
      ['selector:\n  - name: a\n', 1, 'Unknown key "selector" in selectors.yml', /"selectors"/],
      [
        'selectors:\n  - name: a\n    definition:\n      method: tag\n      value: x\n' +
          '      indirect_selection: eagre\n',
        6,
        '"eagre" is not an indirect_selection',
        /"eager"/,
      ],
    ];
    for (const [text, line, message, hint] of cases) {
      expectStrataError(() => load(text), { file: 'selectors.yml', line, message, hint });
    }
  });

  it('reports an unknown method, a bad criterion, two defaults and a missing or cyclic selector', () => {
    expectStrataError(() => load("selectors:\n  - name: a\n    definition: 'tgs:x'\n"), {
      line: 3,
      message: /unknown method 'tgs'. Did you mean 'tag'\?/,
    });
    expectStrataError(
      () =>
        load(
          'selectors:\n  - name: a\n    default: true\n    definition: x\n' +
            '  - name: b\n    default: true\n    definition: y\n',
        ),
      { line: 6, message: 'Selectors "a" and "b" are both "default: true"' },
    );
    expectStrataError(
      () =>
        load(
          'selectors:\n  - name: a\n    definition:\n      method: selector\n      value: nightyl\n' +
            '  - name: nightly\n    definition: x\n',
        ),
      { line: 5, message: 'Selector "nightyl" is not defined in selectors.yml', hint: 'Did you mean "nightly"?' },
    );
    expectStrataError(
      () =>
        load(
          'selectors:\n  - name: a\n    definition: {method: selector, value: b}\n' +
            '  - name: b\n    definition: {method: selector, value: a}\n',
        ),
      { message: 'Selectors refer to each other in a cycle: a -> b -> a' },
    );
  });
});
