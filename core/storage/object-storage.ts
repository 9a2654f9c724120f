import type { Readable } from 'node:stream';

/** What storage knows of a stored object. */
export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
}

/** An inclusive byte range, as HTTP Range speaks it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Objects addressed by S3-style keys (`videos/<id>/source`). Implemented by the filesystem locally
 * and by S3 in AWS. Keys are built by the platform, never taken from user input as is; adapters
 * still refuse any key that could leave their root (`..`, absolute paths, empty segments).
 */
export interface ObjectStorage {
  /** Stores a stream under `key`; the object becomes visible only once it is complete. */
  put(key: string, body: Readable | Buffer, options?: { contentType?: string }): Promise<StoredObject>;
  /** Size of an object, or undefined when there is none. */
  stat(key: string): Promise<StoredObject | undefined>;
  /**
   * Reads an object, whole or a byte range of it. Fails with ObjectNotFoundError when absent; a
   * range running past the end is cut to the object, one starting past it is a RangeError.
   */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Keys under a prefix, sorted. Like S3, "a/b" is a string prefix (also "a/bc/x"), "a/b/" a folder. */
  list(prefix: string): Promise<string[]>;
  /** Removes one object; absent objects are fine. */
  delete(key: string): Promise<void>;
  /** Removes every object under a prefix (a video's files on delete). */
  deletePrefix(prefix: string): Promise<void>;
}
