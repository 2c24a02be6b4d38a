import { describe, expect, it } from 'vitest';
import { DescriptionRenderer, type DocReference } from '../../../src/templating/description-renderer.js';
import { parseDocsBlocks } from '../../../src/templating/docs-blocks.js';

describe('parseDocsBlocks', () => {
  it('reads each block trimmed, with the line of its tag, ignoring text outside blocks', () => {
    const text = [
      '# Shop docs',
      '{% docs orders_status %}',
      'One of **placed** or shipped.',
      '{% enddocs %}',
      '',
      '{%- docs customers -%}',
      '  The customers.',
      '{%- enddocs %}',
    ].join('\n');
    expect(parseDocsBlocks(text, 'models/docs.md')).toEqual([
      { name: 'orders_status', contents: 'One of **placed** or shipped.', line: 2 },
      { name: 'customers', contents: 'The customers.', line: 6 },
    ]);
  });

  it('an unclosed block, an unnamed one and a stray enddocs are errors at their line', () => {
    expect(() => parseDocsBlocks('x\n{% docs a %}\ntext', 'models/d.md')).toThrow(
      expect.objectContaining({
        message: 'The docs block "a" is never closed',
        location: { file: 'models/d.md', line: 2 },
      }),
    );
    expect(() => parseDocsBlocks('{% docs %}x{% enddocs %}', 'models/d.md')).toThrow(/needs a name/);
    expect(() => parseDocsBlocks('\n\n{% enddocs %}', 'models/d.md')).toThrow(
      expect.objectContaining({ location: { file: 'models/d.md', line: 3 } }),
    );
  });
});

describe('DescriptionRenderer', () => {
  const docs: DocReference[] = [
    { name: 'orders_status', packageName: 'shop', contents: 'One of placed or shipped.' },
    { name: 'money', packageName: 'finance', contents: 'Amounts in cents.' },
  ];
  const renderer = new DescriptionRenderer({
    projectName: 'shop',
    docs,
    variable: (name, fallback) => (name === 'currency' ? 'EUR' : fallback),
    envVar: (_name, fallback) => fallback ?? '',
  });
  const where = { file: 'models/schema.yml', line: 7 };

  it("renders doc('name'), doc('package', 'name') and var() in a description", () => {
    expect(renderer.render("Status: {{ doc('orders_status') }}", where)).toBe('Status: One of placed or shipped.');
    expect(renderer.render("{{ doc('finance', 'money') }} ({{ var('currency') }})", where)).toBe(
      'Amounts in cents. (EUR)',
    );
    expect(renderer.render('Plain text, kept as written: 100%', where)).toBe('Plain text, kept as written: 100%');
  });

  it('an unknown doc is an error at the line of the description, naming the closest doc', () => {
    expect(() => renderer.render("{{ doc('order_status') }}", where)).toThrow(
      expect.objectContaining({
        message: `Unknown doc "order_status" in doc('order_status')`,
        location: where,
        hint: expect.stringContaining("Did you mean doc('orders_status')?"),
      }),
    );
  });
});
