import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const keyLength = 32;

function deriveKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(log2Cost: number, blockSize: number, parallelism: number): ScryptOptions {
  const N = 2 ** log2Cost;
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  return { N, r: blockSize, p: parallelism, maxmem: 256 * N * blockSize };
}

/**
 * scrypt password hashing. Hashes describe their own parameters
 * (`scrypt$<log2N>$<r>$<p>$<salt>$<hash>`), so the cost can be raised without breaking logins.
 */
export class PasswordHasher {
  private readonly dummyHash: Promise<string>;

  constructor(private readonly log2Cost = 15) {
    this.dummyHash = this.hash(randomBytes(16).toString('hex'));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await deriveKey(password, salt, scryptOptions(this.log2Cost, 8, 1));
    return ['scrypt', this.log2Cost, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, log2Cost, blockSize, parallelism, salt, expected] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !expected) return false;
    const expectedKey = Buffer.from(expected, 'base64');
    const options = scryptOptions(Number(log2Cost), Number(blockSize), Number(parallelism));
    const key = await deriveKey(password, Buffer.from(salt, 'base64'), options);
    return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
  }

  /** Spends the time a real check would, so a login for an unknown email is not faster. */
  async verifyAgainstNothing(password: string): Promise<false> {
    await this.verify(password, await this.dummyHash);
    return false;
  }
}
