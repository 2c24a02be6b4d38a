/**
 * The controls above the graph: depth around the focus, filters by resource type, tag
 * and folder, and whether unrelated nodes are dimmed or hidden. It only reports changes;
 * the view owns the state.
 */
import type { DocsResourceType, SiteData } from '../../site-data.js';
import { h } from '../dom.js';
import { TYPE_LABELS } from '../palette.js';
import { formatDepth, parseDepth, RESOURCE_TYPES, type LineageState } from './lineage-state.js';

const DEPTHS = ['1', '2', '3', '4', '5', '10', 'all'];

export class LineageToolbar {
  readonly element = h('div', { class: 'lineage-toolbar', role: 'toolbar', 'aria-label': 'Lineage controls' });
  private readonly up = depthSelect('Upstream depth', 'lineage-up');
  private readonly down = depthSelect('Downstream depth', 'lineage-down');
  private readonly typeBoxes = new Map<DocsResourceType, HTMLInputElement>();
  private readonly tag: HTMLSelectElement;
  private readonly folder: HTMLSelectElement;
  private readonly hideUnrelated = h('input', { type: 'checkbox', id: 'lineage-only' });

  constructor(data: SiteData, onChange: (change: Partial<LineageState>) => void) {
    this.tag = h(
      'select',
      { id: 'lineage-tag', 'aria-label': 'Tag' },
      h('option', { value: '' }, 'All tags'),
      ...data.tags.map((tag) => h('option', { value: tag }, tag)),
    );
    this.folder = h(
      'select',
      { id: 'lineage-folder', 'aria-label': 'Folder' },
      h('option', { value: '' }, 'All folders'),
      ...withParentFolders(data.folders).map((folder) => h('option', { value: folder }, folder)),
    );
    const types = h('fieldset', { class: 'toolbar-group types' }, h('legend', {}, 'Show'));
    for (const type of RESOURCE_TYPES) {
      const box = h('input', { type: 'checkbox', value: type, 'data-type': type });
      this.typeBoxes.set(type, box);
      types.append(
        h(
          'label',
          { class: `type-toggle type-${type}` },
          box,
          h('span', { class: 'swatch', 'aria-hidden': 'true' }),
          TYPE_LABELS[type].many,
        ),
      );
      box.addEventListener('change', () =>
        onChange({ types: new Set(RESOURCE_TYPES.filter((t) => this.typeBoxes.get(t)!.checked)) }),
      );
    }
    this.up.addEventListener('change', () => onChange({ up: parseDepth(this.up.value) }));
    this.down.addEventListener('change', () => onChange({ down: parseDepth(this.down.value) }));
    this.tag.addEventListener('change', () => onChange({ tag: this.tag.value }));
    this.folder.addEventListener('change', () => onChange({ folder: this.folder.value }));
    this.hideUnrelated.addEventListener('change', () => onChange({ hideUnrelated: this.hideUnrelated.checked }));

    this.element.append(
      h(
        'div',
        { class: 'toolbar-group' },
        h('label', { for: 'lineage-up' }, 'Upstream'),
        this.up,
        h('label', { for: 'lineage-down' }, 'Downstream'),
        this.down,
      ),
      types,
      h('div', { class: 'toolbar-group' }, this.tag, this.folder),
      h('label', { class: 'toolbar-group' }, this.hideUnrelated, 'Hide unrelated'),
    );
  }

  /** Show `state` in the controls (after a URL change or a refocus). */
  show(state: LineageState): void {
    selectValue(this.up, formatDepth(state.up));
    selectValue(this.down, formatDepth(state.down));
    for (const [type, box] of this.typeBoxes) box.checked = state.types.has(type);
    this.tag.value = state.tag;
    this.folder.value = state.folder;
    this.hideUnrelated.checked = state.hideUnrelated;
  }
}

/** Select `value`, adding it first when a link asked for a depth the list does not offer. */
function selectValue(select: HTMLSelectElement, value: string): void {
  if (![...select.options].some((option) => option.value === value))
    select.add(h('option', { value }, value), select.options.length - 1);
  select.value = value;
}

function depthSelect(label: string, id: string): HTMLSelectElement {
  return h('select', { id, 'aria-label': label }, ...DEPTHS.map((depth) => h('option', { value: depth }, depth)));
}

/** `models/marts/intermediate` also offers `models` and `models/marts`: a folder includes its subfolders. */
function withParentFolders(folders: readonly string[]): string[] {
  const all = new Set<string>();
  for (const folder of folders) {
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) if (parts.slice(0, i).join('/')) all.add(parts.slice(0, i).join('/'));
  }
  return [...all].sort();
}
