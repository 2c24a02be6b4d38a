import { describe, expect, it } from 'vitest';
import { Deferral } from '../../../src/compile/deferral.js';

const node = (name: string) => ({ uniqueId: `model.shop.${name}`, relation: { schema: 'dev', identifier: name } });
const prod = (name: string) => ({ schema: 'prod', identifier: name });
const state = new Map([
  ['model.shop.built', prod('built')],
  ['model.shop.missing', prod('missing')],
  ['model.shop.chosen', prod('chosen')],
]);
/** In the dev target, only `built`, `chosen` and `new_model` exist. */
const exists = (relation: { identifier: string }) => ['built', 'chosen', 'new_model'].includes(relation.identifier);
const selected = new Set(['model.shop.chosen']);

describe('Deferral (--defer --state)', () => {
  it('reads the state relation only where the target lacks the relation', () => {
    const deferral = new Deferral(state, selected, false, exists);
    expect(deferral.relationOf(node('built'))).toEqual(node('built').relation);
    expect(deferral.relationOf(node('missing'))).toEqual(prod('missing'));
  });

  it('with --favor-state reads the state for every unselected node, never for a selected one', () => {
    const deferral = new Deferral(state, selected, true, exists);
    expect(deferral.relationOf(node('built'))).toEqual(prod('built'));
    expect(deferral.relationOf(node('chosen'))).toEqual(node('chosen').relation);
  });

  it('keeps the own relation of a node the state does not know', () => {
    const deferral = new Deferral(state, selected, true, exists);
    expect(deferral.relationOf(node('new_model'))).toEqual(node('new_model').relation);
    expect(deferral.relationOf(node('unbuilt'))).toEqual(node('unbuilt').relation);
  });
});
