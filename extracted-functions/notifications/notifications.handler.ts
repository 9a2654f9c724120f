import { readHttpConfig } from '../../core/legacy-api/http.config';
import { createLogger } from '../../core/logging/create-logger';
import { dispatchPipelineEvent } from '../../core/pipeline/dispatch-pipeline-event';
import { createHttpFunction } from '../shared/http-function';
import { httpOrEvent } from '../shared/http-or-event';
import { principalOf, readJsonBody } from '../shared/http-request';
import { pathParameter } from '../shared/path-parameter';
import { warmPipeline } from '../shared/function-pipeline';

const logger = createLogger('fn-notifications');
const { jsonBodyLimitBytes } = readHttpConfig();
const pipeline = warmPipeline(logger);
const subscriptions = async () => (await pipeline()).notifications.subscriptions;

/** The notifications capability as a Lambda: its routes, video outcomes (SNS) fanned out and sent, and a schedule for retries. */
export const handler = httpOrEvent(
  createHttpFunction(
    {
      'POST /api/notifications/subscriptions': async (event) => ({
        status: 201,
        body: await (await subscriptions()).create(principalOf(event).userId, readJsonBody(event, jsonBodyLimitBytes)),
      }),
      'GET /api/notifications/subscriptions': async (event) => ({
        status: 200,
        body: { subscriptions: await (await subscriptions()).list(principalOf(event).userId) },
      }),
      'DELETE /api/notifications/subscriptions/{id}': async (event) => {
        await (await subscriptions()).remove(principalOf(event).userId, pathParameter(event, 'id'));
        return { status: 204 };
      },
      'GET /api/notifications/deliveries': async (event) => ({
        status: 200,
        body: { deliveries: await (await subscriptions()).listDeliveries(principalOf(event).userId) },
      }),
    },
    logger,
  ),
  async (event) => {
    const { handlers } = await pipeline();
    await dispatchPipelineEvent({ videoOutcome: [handlers.notifications.onVideoOutcome], schedule: [handlers.notifications.onSchedule] })(event);
  },
);
