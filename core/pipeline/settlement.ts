import type { Failure, RenditionStatus } from '../videos/video';

/** What decides a video's outcome, read together in one transaction. */
export interface SettlementFacts {
  /** The video's latest transcode job. */
  readonly job: { readonly id: string; readonly status: 'queued' | 'processing' | 'complete' | 'failed'; readonly error: Failure | null } | undefined;
  /** The source's extracted metadata (its picture size), once the metadata step ran. */
  readonly metadata: { readonly width: number | null; readonly height: number | null } | undefined;
  readonly renditionStatuses: readonly RenditionStatus[];
}

/** How a video's processing ended: playable, or given up on with a reason. */
export type VideoOutcome = { readonly status: 'ready' } | { readonly status: 'failed'; readonly error: Failure };

/** Why a video whose every preset was skipped is not playable: each would have been an upscale. */
function tooSmallToTranscode(metadata: NonNullable<SettlementFacts['metadata']>): Failure {
  const size = metadata.width && metadata.height ? `${metadata.width}×${metadata.height}` : 'this size';
  return { code: 'source_too_small', message: `Every preset would upscale a ${size} video: the smallest, 480p, needs at least 480 lines` };
}

/**
 * The outcome once transcoding and metadata both have their say, or undefined while one is still
 * missing. Transcoding and metadata are separate steps (and may be served by separate Lambdas):
 * whichever finishes last settles the video.
 */
export function decideOutcome({ job, metadata, renditionStatuses }: SettlementFacts): VideoOutcome | undefined {
  if (job?.status === 'failed') return { status: 'failed', error: job.error ?? { code: 'transcode_failed', message: 'Transcoding failed' } };
  if (job?.status !== 'complete' || !metadata) return undefined;
  if (!renditionStatuses.includes('ready')) return { status: 'failed', error: tooSmallToTranscode(metadata) };
  return { status: 'ready' };
}
