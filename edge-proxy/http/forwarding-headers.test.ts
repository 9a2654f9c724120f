import { describe, expect, it } from 'vitest';
import { hopByHopHeaderNames } from './forwarding-headers';

describe('hopByHopHeaderNames', () => {
  it('always names the standard hop-by-hop headers', () => {
    expect(hopByHopHeaderNames(undefined)).toEqual(expect.arrayContaining(['connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'proxy-authorization']));
  });

  it('adds the headers the Connection header lists, trimmed and lower-cased', () => {
    expect(hopByHopHeaderNames('close, X-Secret ,,Foo')).toEqual(expect.arrayContaining(['close', 'x-secret', 'foo']));
  });

  it('names each header once when the Connection header lists a standard one', () => {
    expect(hopByHopHeaderNames('Keep-Alive')).toEqual(hopByHopHeaderNames(undefined));
    expect(hopByHopHeaderNames(' close ')).toEqual(hopByHopHeaderNames(undefined));
    expect(hopByHopHeaderNames(['keep-alive', 'X-Trace']).filter((name) => name === 'keep-alive')).toHaveLength(1);
  });
});
