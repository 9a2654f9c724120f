/** An output of the ladder: a single mp4, or adaptive HLS built from several variants. */
export interface Preset {
  readonly id: string;
  readonly container: 'mp4' | 'hls';
  readonly width: number;
  readonly height: number;
  readonly videoBitrateKbps: number;
  readonly audioBitrateKbps: number;
}

/** One rung of an HLS ladder. */
export interface HlsVariant {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly videoBitrateKbps: number;
  readonly audioBitrateKbps: number;
}

export const hlsSegmentSeconds = 6;

/** The HLS preset's variants, largest first (720p + 480p, as the contract says). */
export const hlsVariants: readonly HlsVariant[] = [
  { name: '720p', width: 1280, height: 720, videoBitrateKbps: 2800, audioBitrateKbps: 128 },
  { name: '480p', width: 854, height: 480, videoBitrateKbps: 1400, audioBitrateKbps: 96 },
];

/** The contract's presets, as data. The HLS preset is described by its largest variant. */
export const presets: readonly Preset[] = [
  { id: '1080p', container: 'mp4', width: 1920, height: 1080, videoBitrateKbps: 5000, audioBitrateKbps: 192 },
  { id: '720p', container: 'mp4', width: 1280, height: 720, videoBitrateKbps: 2800, audioBitrateKbps: 128 },
  { id: '480p', container: 'mp4', width: 854, height: 480, videoBitrateKbps: 1400, audioBitrateKbps: 96 },
  { id: 'hls', container: 'hls', width: 1280, height: 720, videoBitrateKbps: 2800, audioBitrateKbps: 128 },
];

export const presetIds: readonly string[] = presets.map((preset) => preset.id);

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return presets.find((preset) => preset.id === id);
}
