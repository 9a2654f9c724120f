import { CreateJobCommand, type MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { buildCreateJobRequest, type MediaConvertJobInput } from './mediaconvert-job.request';

/** Starts MediaConvert jobs; their progress and outcome come back as EventBridge job-state events. */
export class MediaConvertJobSubmitter {
  /** The client carries the region and, for accounts that still need one, the account's MediaConvert endpoint. */
  constructor(private readonly client: MediaConvertClient) {}

  /** Creates the job; throws SourceTooSmallError when no preset fits the source. */
  async submit(input: MediaConvertJobInput): Promise<{ mediaConvertJobId: string }> {
    const { Job } = await this.client.send(new CreateJobCommand(buildCreateJobRequest(input)));
    if (Job?.Id === undefined) throw new Error(`MediaConvert accepted the job for video ${input.userMetadata.videoId} but returned no job id`);
    return { mediaConvertJobId: Job.Id };
  }
}
