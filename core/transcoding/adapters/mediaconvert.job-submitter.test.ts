import { CreateJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { presets } from '../presets';
import { buildCreateJobRequest, SourceTooSmallError, type MediaConvertJobInput } from './mediaconvert-job.request';
import { MediaConvertJobSubmitter } from './mediaconvert.job-submitter';

const client = new MediaConvertClient({
  region: 'eu-west-1',
  endpoint: 'https://abcd1234.mediaconvert.eu-west-1.amazonaws.com',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
});
const mediaConvert = mockClient(client);
const submitter = new MediaConvertJobSubmitter(client);

const input: MediaConvertJobInput = {
  role: 'arn:aws:iam::111122223333:role/24hv-mediaconvert',
  queue: 'arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default',
  sourceUri: 's3://24hv-uploads/videos/v1/source',
  destinationUri: 's3://24hv-renditions/jobs/j1/',
  source: { width: 1280, height: 720 },
  presets,
  userMetadata: { videoId: 'v1', jobId: 'j1' },
};

beforeEach(() => {
  mediaConvert.reset();
});

describe('MediaConvertJobSubmitter', () => {
  it('sends the built CreateJob request and answers with the MediaConvert job id', async () => {
    mediaConvert.on(CreateJobCommand).resolves({ Job: { Id: '1671476818694-phptj0', Role: input.role, Settings: {} } });

    const submitted = await submitter.submit(input);

    expect(submitted).toEqual({ mediaConvertJobId: '1671476818694-phptj0' });
    const calls = mediaConvert.commandCalls(CreateJobCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual(buildCreateJobRequest(input));
    expect(calls[0]?.args[0].input).toMatchObject({ Role: input.role, Queue: input.queue, UserMetadata: { videoId: 'v1', jobId: 'j1' } });
  });

  it('passes a MediaConvert refusal on', async () => {
    mediaConvert.on(CreateJobCommand).rejects(new Error('AccessDeniedException: not authorized to perform iam:PassRole'));

    await expect(submitter.submit(input)).rejects.toThrow('iam:PassRole');
  });

  it('fails when MediaConvert answers without a job id', async () => {
    mediaConvert.on(CreateJobCommand).resolves({});

    await expect(submitter.submit(input)).rejects.toThrow('MediaConvert accepted the job for video v1 but returned no job id');
  });

  it('sends nothing for a source no preset can fill', async () => {
    await expect(submitter.submit({ ...input, source: { width: 320, height: 240 } })).rejects.toThrow(SourceTooSmallError);
    expect(mediaConvert.calls()).toHaveLength(0);
  });
});
