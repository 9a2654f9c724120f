import { readHttpConfig } from '../../core/legacy-api/http.config';
import { createLogger } from '../../core/logging/create-logger';
import { dispatchPipelineEvent } from '../../core/pipeline/dispatch-pipeline-event';
import { createHttpFunction } from '../shared/http-function';
import { httpOrEvent } from '../shared/http-or-event';
import { principalOf, readJsonBody } from '../shared/http-request';
import { pathParameter } from '../shared/path-parameter';
import { warmPipeline } from '../shared/function-pipeline';

const logger = createLogger('fn-transcoding');
const { jsonBodyLimitBytes } = readHttpConfig();
const pipeline = warmPipeline(logger);

/** The transcoding capability as a Lambda: its routes, storage ObjectCreated (new jobs) and MediaConvert job states (settling videos). */
export const handler = httpOrEvent(
  createHttpFunction(
    {
      'GET /api/presets': async (event) => {
        principalOf(event);
        return { status: 200, body: (await pipeline()).transcoding.listPresets() };
      },
      'POST /api/videos/{id}/transcode': async (event) => ({
        status: 202,
        body: await (await pipeline()).transcoding.requestTranscode(principalOf(event).userId, pathParameter(event, 'id'), readJsonBody(event, jsonBodyLimitBytes)),
      }),
      'GET /api/jobs/{id}': async (event) => ({
        status: 200,
        body: await (await pipeline()).transcoding.getJob(principalOf(event).userId, pathParameter(event, 'id')),
      }),
    },
    logger,
  ),
  async (event) => {
    const { handlers } = await pipeline();
    await dispatchPipelineEvent({ storedObjects: [handlers.transcoding.onStoredObjects], jobState: [handlers.transcoding.onJobState] })(event);
  },
);
