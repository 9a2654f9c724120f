import { describe, expect, it } from 'vitest';
import { diffJson } from './diff-json';

const diff = (primary: unknown, shadow: unknown, ignore: string[] = [], limit = 50) => diffJson(primary, shadow, ignore, limit);

describe('diffJson', () => {
  it('sees no difference between objects whose keys come in another order', () => {
    expect(diff({ a: 1, b: { c: 'x', d: [1, 2] } }, { b: { d: [1, 2], c: 'x' }, a: 1 })).toEqual([]);
  });

  it('reports each differing leaf with its path', () => {
    const primary = { user: { name: 'Ada', role: 'user', address: { city: 'Paris' } }, count: 2 };
    const shadow = { user: { name: 'Ada L.', role: 'user', address: { city: 'Lyon' } }, count: 3 };
    expect(diff(primary, shadow)).toEqual([
      { path: 'body.user.name', primary: 'Ada', shadow: 'Ada L.' },
      { path: 'body.user.address.city', primary: 'Paris', shadow: 'Lyon' },
      { path: 'body.count', primary: 2, shadow: 3 },
    ]);
  });

  it('reports a key present on one side only as absent (undefined) on the other', () => {
    expect(diff({ a: 1 }, { a: 1, extra: null })).toEqual([{ path: 'body.extra', primary: undefined, shadow: null }]);
    expect(diff({ a: 1, gone: 'x' }, { a: 1 })).toEqual([{ path: 'body.gone', primary: 'x', shadow: undefined }]);
  });

  it('tells null from absent and from an empty string', () => {
    expect(diff({ a: null }, { a: '' })).toEqual([{ path: 'body.a', primary: null, shadow: '' }]);
  });

  it('compares arrays in order, element by element, extra elements as absent', () => {
    expect(diff([1, 2, 3], [1, 3, 2])).toEqual([
      { path: 'body.1', primary: 2, shadow: 3 },
      { path: 'body.2', primary: 3, shadow: 2 },
    ]);
    expect(diff({ list: [{ id: 'a' }] }, { list: [{ id: 'a' }, { id: 'b' }] })).toEqual([{ path: 'body.list.1', primary: undefined, shadow: { id: 'b' } }]);
  });

  it('reports a change of kind (object, array, scalar) at the node where it happens', () => {
    expect(diff({ a: { b: 1 } }, { a: [1] })).toEqual([{ path: 'body.a', primary: { b: 1 }, shadow: [1] }]);
    expect(diff({ a: '1' }, { a: 1 })).toEqual([{ path: 'body.a', primary: '1', shadow: 1 }]);
    expect(diff({}, [])).toEqual([{ path: 'body', primary: {}, shadow: [] }]);
  });

  it('compares numbers by value', () => {
    expect(diff(JSON.parse('{"n": 1.0, "m": 1e2}'), JSON.parse('{"n": 1, "m": 100}'))).toEqual([]);
  });

  it('skips ignored paths on both sides, whether present or not', () => {
    expect(diff({ token: 'a', user: { id: '1', name: 'Ada' } }, { token: 'b', user: { id: '2', name: 'Ada' } }, ['token', 'user.id'])).toEqual([]);
    expect(diff({ token: 'a' }, {}, ['token'])).toEqual([]);
  });

  it('does not ignore more than it is told: a divergent sibling or a same-named field elsewhere is caught', () => {
    const primary = { token: 'a', user: { id: '1', name: 'Ada', token: 'x' }, id: 'top' };
    const shadow = { token: 'b', user: { id: '2', name: 'Bob', token: 'y' }, id: 'other' };
    expect(diff(primary, shadow, ['token', 'user.id'])).toEqual([
      { path: 'body.user.name', primary: 'Ada', shadow: 'Bob' },
      { path: 'body.user.token', primary: 'x', shadow: 'y' },
      { path: 'body.id', primary: 'top', shadow: 'other' },
    ]);
  });

  it('lets a wildcard stand for any array element or object key, one level only', () => {
    const primary = { subscriptions: [{ id: 'a', target: 't1' }, { id: 'b', target: 't2' }], byName: { x: { createdAt: '1' } }, deep: { a: { b: { id: '1' } } } };
    const shadow = { subscriptions: [{ id: 'c', target: 't1' }, { id: 'd', target: 'T2' }], byName: { x: { createdAt: '2' } }, deep: { a: { b: { id: '2' } } } };
    expect(diff(primary, shadow, ['subscriptions.*.id', 'byName.*.createdAt', 'deep.*.id'])).toEqual([
      { path: 'body.subscriptions.1.target', primary: 't2', shadow: 'T2' },
      { path: 'body.deep.a.b.id', primary: '1', shadow: '2' },
    ]);
  });

  it('matches a leading wildcard against the elements of a top-level array', () => {
    expect(diff([{ createdAt: '1', name: 'a' }], [{ createdAt: '2', name: 'a' }], ['*.createdAt'])).toEqual([]);
  });

  it('stops at the limit', () => {
    const primary = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`k${index}`, index]));
    const shadow = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`k${index}`, -index - 1]));
    expect(diff(primary, shadow, [], 50)).toHaveLength(50);
  });
});
