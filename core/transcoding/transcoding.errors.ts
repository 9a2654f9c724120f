import { ConflictError } from '../errors/app-error';

/** A second job for a video whose job is still queued or processing. */
export class JobAlreadyActiveError extends ConflictError {
  constructor() {
    super('A transcode job for this video is already queued or processing: wait for it to finish');
  }
}
