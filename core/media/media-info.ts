/** What ffprobe (or MediaConvert's probe) says of a media file, reduced to what the platform uses. */
export interface MediaInfo {
  readonly formatName: string;
  readonly durationSeconds: number;
  readonly sizeBytes: number;
  /** Overall bit rate in bits per second. */
  readonly bitRate: number;
  readonly video: VideoStreamInfo | null;
  readonly audio: AudioStreamInfo | null;
}

export interface VideoStreamInfo {
  readonly codec: string;
  /** Displayed size: rotation metadata already applied. */
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly pixelFormat: string;
}

export interface AudioStreamInfo {
  readonly codec: string;
  readonly sampleRate: number;
  readonly channels: number;
}

/** Reads a local media file's facts. Fails with MediaUnreadableError when it is not decodable media. */
export interface MediaProbe {
  probe(filePath: string): Promise<MediaInfo>;
}
