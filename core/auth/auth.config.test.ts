import { describe, expect, it } from 'vitest';
import { readAuthConfig } from './auth.config';

describe('readAuthConfig', () => {
  it('fails fast, naming the variables, when no key is configured', () => {
    expect(() => readAuthConfig({})).toThrow(/JWT_PUBLIC_KEY/);
  });

  it('names a variable that is out of range', () => {
    expect(() => readAuthConfig({ JWT_PUBLIC_KEY: 'x', TOKEN_TTL_SECONDS: '-5' })).toThrow(/TOKEN_TTL_SECONDS/);
  });

  it('reads keys from files and says which file it could not read', () => {
    expect(() => readAuthConfig({ JWT_PUBLIC_KEY_FILE: '/nonexistent/key.pem' })).toThrow(/JWT_PUBLIC_KEY_FILE: cannot read \/nonexistent\/key.pem/);
  });

  it('accepts PEMs whose line breaks were escaped into one line', () => {
    expect(readAuthConfig({ JWT_PUBLIC_KEY: 'line1\\nline2' }).publicKeyPem).toBe('line1\nline2');
  });
});
