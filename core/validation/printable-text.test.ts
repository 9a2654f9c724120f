import { describe, expect, it } from 'vitest';
import { isPrintableText } from './printable-text';

describe('isPrintableText', () => {
  it.each([
    ['a NUL byte', 'Eve\u0000admin'],
    ['a terminal escape sequence', '\u001b[2Jroot'],
    ['a line break', 'first\nsecond'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007f'],
    ['a C1 control character', 'a\u009bb'],
  ])('refuses %s', (_name, value) => {
    expect(isPrintableText(value)).toBe(false);
  });

  it('accepts right-to-left, combining and astral-plane text', () => {
    expect(isPrintableText('ليلى \u202Egnp.exe\u202C 🎬 𝒜da Zoë')).toBe(true);
  });
});
