/** Keys can be crafted by bugs or callers: show them escaped and short, never raw. */
const quoteKey = (key: string) => JSON.stringify(key.length > 120 ? `${key.slice(0, 120)}…` : key);

export class ObjectNotFoundError extends Error {
  readonly code = 'object_not_found';

  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`No object is stored under ${quoteKey(key)}`, options);
    this.name = 'ObjectNotFoundError';
  }
}

export class InvalidStorageKeyError extends Error {
  readonly code = 'invalid_storage_key';

  constructor(
    readonly key: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Invalid storage key ${quoteKey(key)}: ${reason}. A key is 1..1024 characters of '/'-separated segments, ` +
        `each made of A-Z a-z 0-9 . _ - and neither '.' nor '..' (e.g. "videos/<id>/source")`,
      options,
    );
    this.name = 'InvalidStorageKeyError';
  }
}
