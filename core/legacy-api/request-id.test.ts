import { describe, expect, it } from 'vitest';
import { resolveRequestId } from './request-id';

describe('resolveRequestId', () => {
  it('keeps a plain caller id', () => {
    expect(resolveRequestId('trace-1.2:abc_DEF')).toBe('trace-1.2:abc_DEF');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with spaces and markup', 'a b <script>'],
    ['with a line break (log forging)', 'abc\ninjected'],
    ['too long', 'x'.repeat(129)],
  ])('replaces a %s id with a new UUID', (_label, value) => {
    expect(resolveRequestId(value)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
