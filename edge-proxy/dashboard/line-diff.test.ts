import { describe, expect, it } from 'vitest';
import { diffLines, prettyBody } from './line-diff';

describe('the side-by-side line diff', () => {
  it('aligns equal lines and pairs the changed ones', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([
      { primary: { number: 1, text: 'a' }, shadow: { number: 1, text: 'a' }, changed: false },
      { primary: { number: 2, text: 'b' }, shadow: { number: 2, text: 'B' }, changed: true },
      { primary: { number: 3, text: 'c' }, shadow: { number: 3, text: 'c' }, changed: false },
      { primary: { number: 4, text: 'd' }, shadow: { number: 4, text: 'd' }, changed: false },
      { shadow: { number: 5, text: 'e' }, changed: true },
    ]);
  });

  it('leaves a gap on the side that lacks lines', () => {
    expect(diffLines('x\ny\nz', 'z').map((row) => [row.primary?.text, row.shadow?.text, row.changed])).toEqual([
      ['x', undefined, true],
      ['y', undefined, true],
      ['z', 'z', false],
    ]);
  });

  it('pretty-prints JSON with sorted keys, and keeps anything else as it came', () => {
    expect(prettyBody('{"b":1,"a":{"d":[2],"c":null}}')).toBe('{\n  "a": {\n    "c": null,\n    "d": [\n      2\n    ]\n  },\n  "b": 1\n}');
    expect(prettyBody('{"cut": "shor\u2026')).toBe('{"cut": "shor\u2026');
  });
});
