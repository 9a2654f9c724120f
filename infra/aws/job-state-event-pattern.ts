import type { EventPattern } from 'aws-cdk-lib/aws-events';

/**
 * The MediaConvert events the pipeline acts on: jobs of this stage's queue that ended. The
 * handlers ignore every other status, and MediaConvert also sends INPUT_INFORMATION, NEW_WARNING
 * and QUEUE_HOP, which core/events/mediaconvert-job-state.ts refuses: they never reach a function.
 */
export function jobStateEventPattern(queueArn: string): EventPattern {
  return {
    source: ['aws.mediaconvert'],
    detailType: ['MediaConvert Job State Change'],
    detail: { queue: [queueArn], status: ['COMPLETE', 'ERROR'] },
  };
}
