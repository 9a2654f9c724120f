import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(10);

  it('verifies the password a hash was made from, and no other', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', hash)).toBe(true);
    expect(await hasher.verify('correct horsE', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('records its parameters, so hashes made at another cost still verify', async () => {
    const stronger = new PasswordHasher(12);
    const hash = await stronger.hash('correct horse');
    expect(hash).toMatch(/^scrypt\$12\$8\$1\$/);
    expect(await hasher.verify('correct horse', hash)).toBe(true);
  });

  it('never accepts a malformed stored hash', async () => {
    expect(await hasher.verify('x', 'plaintext')).toBe(false);
    expect(await hasher.verify('x', 'bcrypt$10$abc')).toBe(false);
  });

  it('spends a real check on unknown users and still says no', async () => {
    expect(await hasher.verifyAgainstNothing('anything')).toBe(false);
  });
});
