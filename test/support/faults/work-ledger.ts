import type { DataSource } from 'typeorm';
import { DeliveryEntity } from '../../../core/notifications/adapters/delivery.entity';
import { VideoEventEntity } from '../../../core/pipeline/adapters/video-event.entity';
import { TranscodeJobEntity } from '../../../core/transcoding/adapters/transcode-job.entity';
import { RenditionEntity } from '../../../core/videos/adapters/rendition.entity';
import { VideoEntity } from '../../../core/videos/adapters/video.entity';

/** Everything the pipeline recorded for one upload, counted from the database's rows. */
export interface VideoLedger {
  readonly videoId: string;
  readonly status: string | undefined;
  readonly jobs: ReadonlyArray<{ status: string; attempts: number }>;
  /** Rendition rows per preset, with their statuses. */
  readonly renditions: Readonly<Record<string, string[]>>;
  /** Outcome events (video.ready / video.failed) recorded. */
  readonly events: readonly string[];
  readonly deliveries: ReadonlyArray<{ subscriptionId: string; event: string; status: string; attempts: number }>;
}

/** Reads the ledger of `videoId`. */
export async function readLedger(dataSource: DataSource, videoId: string): Promise<VideoLedger> {
  const video = await dataSource.getRepository(VideoEntity).findOneBy({ id: videoId });
  const jobs = await dataSource.getRepository(TranscodeJobEntity).findBy({ videoId });
  const renditionRows = await dataSource.getRepository(RenditionEntity).findBy({ videoId });
  const events = await dataSource.getRepository(VideoEventEntity).findBy({ videoId });
  const deliveries = await dataSource.getRepository(DeliveryEntity).findBy({ videoId });
  const renditions: Record<string, string[]> = {};
  for (const row of renditionRows) (renditions[row.preset] ??= []).push(row.status);
  return {
    videoId,
    status: video?.status,
    jobs: jobs.map(({ status, attempts }) => ({ status, attempts })),
    renditions,
    events: events.map(({ event }) => event),
    deliveries: deliveries.map(({ subscriptionId, event, status, attempts }) => ({ subscriptionId, event, status, attempts })),
  };
}

/**
 * What breaks "exactly once" for a settled upload: not settled, not one job, a preset without
 * exactly one rendition, not one outcome event, or a subscription without exactly one delivered
 * delivery of it. Empty when the upload's work was done once, completely.
 */
export function exactlyOnceViolations(ledger: VideoLedger, subscriptionIds: readonly string[]): string[] {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${ledger.videoId}: ${problem}`);
  if (ledger.status !== 'ready' && ledger.status !== 'failed') say(`status ${ledger.status ?? 'missing'}`);
  if (ledger.status === 'ready') {
    if (ledger.jobs.length !== 1 || ledger.jobs[0]!.status !== 'complete') say(`jobs ${JSON.stringify(ledger.jobs)}`);
    for (const [preset, statuses] of Object.entries(ledger.renditions)) if (statuses.length !== 1) say(`${statuses.length} renditions of ${preset}`);
    if (!Object.values(ledger.renditions).some((statuses) => statuses[0] === 'ready')) say('no ready rendition');
  }
  if (ledger.events.length !== 1) say(`${ledger.events.length} outcome events`);
  for (const subscriptionId of subscriptionIds) {
    const of = ledger.deliveries.filter((delivery) => delivery.subscriptionId === subscriptionId);
    if (of.length !== 1 || of[0]!.status !== 'delivered') say(`subscription ${subscriptionId}: deliveries ${JSON.stringify(of)}`);
  }
  return problems;
}
