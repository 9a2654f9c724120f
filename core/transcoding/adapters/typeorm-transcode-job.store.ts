import { In, IsNull, Not, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../../database/constraint-violation';
import { RenditionEntity } from '../../videos/adapters/rendition.entity';
import { VideoEntity } from '../../videos/adapters/video.entity';
import type { Failure } from '../../videos/video';
import type { TranscodeJob } from '../transcode-job';
import type { RenditionOutput, TranscodeJobStore } from '../transcode-job.store';
import { JobAlreadyActiveError } from '../transcoding.errors';
import { TranscodeJobEntity } from './transcode-job.entity';
import { inTransaction } from '../../database/transaction';

const toJob = (entity: TranscodeJobEntity): TranscodeJob => ({
  id: entity.id,
  videoId: entity.videoId,
  status: entity.status,
  presets: JSON.parse(entity.presets) as string[],
  progress: entity.progress,
  attempts: entity.attempts,
  idempotencyKey: entity.idempotencyKey,
  error: entity.errorCode ? { code: entity.errorCode, message: entity.errorMessage ?? '' } : null,
  createdAt: entity.createdAt,
  startedAt: entity.startedAt,
  completedAt: entity.completedAt,
});

const toEntity = (job: TranscodeJob): TranscodeJobEntity => ({
  id: job.id,
  videoId: job.videoId,
  status: job.status,
  presets: JSON.stringify(job.presets),
  progress: job.progress,
  attempts: job.attempts,
  idempotencyKey: job.idempotencyKey,
  errorCode: job.error?.code ?? null,
  errorMessage: job.error?.message.slice(0, 1000) ?? null,
  createdAt: job.createdAt,
  startedAt: job.startedAt,
  completedAt: job.completedAt,
});

/** Transcode jobs and the renditions they write, in the relational database. */
export class TypeormTranscodeJobStore implements TranscodeJobStore {
  private readonly jobs: Repository<TranscodeJobEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.jobs = dataSource.getRepository(TranscodeJobEntity);
  }

  async enqueue(job: TranscodeJob): Promise<{ job: TranscodeJob; created: boolean }> {
    if (job.idempotencyKey) {
      const existing = await this.jobs.findOneBy({ idempotencyKey: job.idempotencyKey });
      if (existing) return { job: toJob(existing), created: false };
    }
    try {
      await inTransaction(this.dataSource, async (manager) => {
        await manager.insert(TranscodeJobEntity, toEntity(job));
        await this.markPending(manager, job);
      });
      return { job, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race: either the same event created the job meanwhile, or another job is active.
      const existing = job.idempotencyKey ? await this.jobs.findOneBy({ idempotencyKey: job.idempotencyKey }) : null;
      if (existing) return { job: toJob(existing), created: false };
      throw new JobAlreadyActiveError();
    }
  }

  async findById(id: string): Promise<TranscodeJob | undefined> {
    const entity = await this.jobs.findOneBy({ id });
    return entity ? toJob(entity) : undefined;
  }

  async findLatestForVideo(videoId: string): Promise<TranscodeJob | undefined> {
    const entity = await this.jobs.findOne({ where: { videoId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return entity ? toJob(entity) : undefined;
  }

  async listQueued(limit: number): Promise<TranscodeJob[]> {
    const entities = await this.jobs.find({ where: { status: 'queued' }, order: { createdAt: 'ASC' }, take: limit });
    return entities.map(toJob);
  }

  async claim(id: string, at: Date): Promise<TranscodeJob | undefined> {
    // Conditional update: of two workers racing for a job, exactly one sees a changed row.
    const result = await this.jobs
      .createQueryBuilder()
      .update()
      .set({ status: 'processing', startedAt: at, progress: 0, attempts: () => 'attempts + 1' })
      .where('id = :id AND status = :status', { id, status: 'queued' })
      .execute();
    return (result.affected ?? 0) > 0 ? this.findById(id) : undefined;
  }

  async requeueProcessing(): Promise<number> {
    const result = await this.jobs.update({ status: 'processing' }, { status: 'queued', progress: 0 });
    return result.affected ?? 0;
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.jobs.update({ id, status: 'processing' }, { progress });
  }

  async markSkipped(jobId: string, videoId: string, preset: string, at: Date): Promise<void> {
    await this.dataSource
      .getRepository(RenditionEntity)
      .update({ videoId, preset, jobId }, { status: 'skipped', storageKey: null, width: null, height: null, bitrateKbps: null, sizeBytes: null, updatedAt: at });
  }

  async complete(jobId: string, outputs: readonly RenditionOutput[], at: Date): Promise<string[] | undefined> {
    return inTransaction(this.dataSource, async (manager) => {
      // Write first: on SQLite a transaction that reads before its first write fails outright
      // (SQLITE_BUSY_SNAPSHOT) when another process commits in between.
      // Queued too: a job MediaConvert ran was never claimed by a local worker.
      const completed = await manager.update(TranscodeJobEntity, { id: jobId, status: In(['queued', 'processing']) }, { status: 'complete', progress: 100, completedAt: at });
      if ((completed.affected ?? 0) === 0) return undefined;
      const { videoId } = await manager.findOneByOrFail(TranscodeJobEntity, { id: jobId });
      const replaced = await manager.findBy(RenditionEntity, { videoId, preset: In(outputs.map((output) => output.preset)), storageKey: Not(IsNull()) });
      for (const output of outputs) {
        await manager.update(RenditionEntity, { videoId, preset: output.preset, jobId }, { ...output, status: 'ready', updatedAt: at });
      }
      const current = new Set(outputs.map((output) => output.storageKey));
      return replaced.map((rendition) => rendition.storageKey!).filter((key) => !current.has(key));
    });
  }

  async fail(jobId: string, error: Failure, at: Date): Promise<boolean> {
    return inTransaction(this.dataSource, async (manager) => {
      const result = await manager.update(
        TranscodeJobEntity,
        { id: jobId, status: In(['queued', 'processing']) },
        { status: 'failed', errorCode: error.code, errorMessage: error.message.slice(0, 1000), completedAt: at },
      );
      if ((result.affected ?? 0) === 0) return false;
      await manager.update(RenditionEntity, { jobId, status: 'pending' }, { status: 'failed', updatedAt: at });
      return true;
    });
  }

  /** The job's presets become pending renditions of it, and its video is being transcoded. */
  private async markPending(manager: EntityManager, job: TranscodeJob): Promise<void> {
    for (const preset of job.presets) {
      const pending = { status: 'pending' as const, jobId: job.id, updatedAt: job.createdAt };
      const updated = await manager.update(RenditionEntity, { videoId: job.videoId, preset }, pending);
      if ((updated.affected ?? 0) === 0) {
        await manager.insert(RenditionEntity, { videoId: job.videoId, preset, ...pending, storageKey: null, width: null, height: null, bitrateKbps: null, sizeBytes: null });
      }
    }
    await manager.update(VideoEntity, { id: job.videoId }, { status: 'transcoding', errorCode: null, errorMessage: null, updatedAt: job.createdAt });
  }
}
