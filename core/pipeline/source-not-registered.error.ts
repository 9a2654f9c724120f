/** The original is stored, but its video row is not committed yet: failing makes the event come again. */
export class SourceNotRegisteredError extends Error {
  constructor(key: string) {
    super(`No video is registered for ${key} yet`);
    this.name = 'SourceNotRegisteredError';
  }
}
