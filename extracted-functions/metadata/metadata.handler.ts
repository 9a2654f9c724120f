import { createLogger } from '../../core/logging/create-logger';
import { dispatchPipelineEvent } from '../../core/pipeline/dispatch-pipeline-event';
import { createHttpFunction } from '../shared/http-function';
import { httpOrEvent } from '../shared/http-or-event';
import { principalOf } from '../shared/http-request';
import { pathParameter } from '../shared/path-parameter';
import { warmPipeline } from '../shared/function-pipeline';

const logger = createLogger('fn-metadata');
const pipeline = warmPipeline(logger);

/** The metadata capability as a Lambda: its route, and ffprobe of every uploaded original (storage ObjectCreated). */
export const handler = httpOrEvent(
  createHttpFunction(
    {
      'GET /api/videos/{id}/metadata': async (event) => ({
        status: 200,
        body: await (await pipeline()).metadata.get(principalOf(event).userId, pathParameter(event, 'id')),
      }),
    },
    logger,
  ),
  async (event) => {
    const { handlers } = await pipeline();
    await dispatchPipelineEvent({ storedObjects: [handlers.metadata.onStoredObjects] })(event);
  },
);
