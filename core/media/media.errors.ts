// Job failures, not HTTP errors: they end up in a video's or a job's `error` ({code, message}),
// which customers read, so messages stay short and never show the server's scratch paths.

/** The file is not media ffprobe/ffmpeg can decode (corrupt, truncated, not a video at all). */
export class MediaUnreadableError extends Error {
  readonly code = 'media_unreadable';

  constructor(reason: string, options?: ErrorOptions) {
    super(`The file could not be read as video: ${reason}`, options);
    this.name = 'MediaUnreadableError';
  }
}

/** The encoder gave up on one preset; `detail` is the encoder's own last words. */
export class TranscodeFailedError extends Error {
  readonly code = 'transcode_failed';

  constructor(
    readonly presetId: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`Transcoding to ${presetId} failed: ${detail}`, options);
    this.name = 'TranscodeFailedError';
  }
}

/** The encode was stopped on purpose (the video was deleted, the worker is shutting down). */
export class EncodeAbortedError extends Error {
  readonly code = 'aborted';

  constructor(
    readonly presetId: string,
    options?: ErrorOptions,
  ) {
    super(`Transcoding to ${presetId} was aborted`, options);
    this.name = 'EncodeAbortedError';
  }
}

// The bundled (2018) ffmpeg's HLS muxer logs the first at error level on every run, successful or
// not; the second is ffmpeg's sign-off after the real error.
const noise = [/^Cannot use rename on non file protocol/, /^Conversion failed!$/];
// "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x273c7200] moov atom not found": the component and address mean
// nothing to a customer.
const componentPrefix = /^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/i;
const maxLineLength = 200;

/**
 * The lines of ffmpeg/ffprobe stderr worth showing a person, in order: component prefixes, noise and
 * repeats dropped, each `hidden` path (longest first) replaced by its label.
 */
export function meaningfulStderrLines(stderr: string, hidden: ReadonlyMap<string, string>): string[] {
  const paths = [...hidden.keys()].sort((a, b) => b.length - a.length);
  const lines: string[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    let line = raw.replace(componentPrefix, '').trim();
    for (const path of paths) line = line.replaceAll(path, hidden.get(path) ?? '');
    if (line.length > maxLineLength) line = `${line.slice(0, maxLineLength - 1)}…`;
    if (line === '' || noise.some((pattern) => pattern.test(line)) || line === lines.at(-1)) continue;
    lines.push(line);
  }
  return lines;
}
