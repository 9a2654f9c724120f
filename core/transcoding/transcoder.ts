import type { MediaInfo } from '../media/media-info';
import type { Preset } from './presets';

/** One preset of one source, encoded into a scratch folder. */
export interface TranscodeRequest {
  readonly inputPath: string;
  /** An empty folder the outputs go to; the caller stores them afterwards. */
  readonly outputDir: string;
  readonly preset: Preset;
  /** The probed source: sizes that must not be upscaled, duration for progress. */
  readonly source: MediaInfo;
  /** Called with 0..1 as encoding advances. */
  readonly onProgress?: (fraction: number) => void;
  /** Aborting kills the encoder (a deleted video, a shutdown). */
  readonly signal?: AbortSignal;
}

/** What an encode produced, relative to `outputDir`. */
export interface TranscodeOutput {
  /** Every file written (mp4; or master playlist, variant playlists and segments). */
  readonly files: readonly string[];
  /** The file a customer downloads: the mp4, or the HLS master playlist. */
  readonly entryFile: string;
  /** Size of the (largest) output picture. */
  readonly width: number;
  readonly height: number;
  readonly bitrateKbps: number;
}

/** Encodes a local file (ffmpeg here; MediaConvert in AWS works on S3 objects through its own adapter). */
export interface Transcoder {
  transcode(request: TranscodeRequest): Promise<TranscodeOutput>;
}
