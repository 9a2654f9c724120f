import { readHttpConfig } from '../../core/legacy-api/http.config';
import { createLogger } from '../../core/logging/create-logger';
import { dispatchPipelineEvent } from '../../core/pipeline/dispatch-pipeline-event';
import { dryRunnableRoutes } from '../shared/dry-run';
import { createHttpFunction } from '../shared/http-function';
import { httpOrEvent } from '../shared/http-or-event';
import { principalOf, readJsonBody } from '../shared/http-request';
import { pathParameter } from '../shared/path-parameter';
import { warmPipeline } from '../shared/function-pipeline';

const logger = createLogger('fn-notifications');
const { jsonBodyLimitBytes } = readHttpConfig();
const pipeline = warmPipeline(logger);
const subscriptionServices = async () => {
  const { dataSource, notifications } = await pipeline();
  return { dataSource, services: notifications.subscriptions, servicesOver: notifications.subscriptionsOver };
};

/** The notifications capability as a Lambda: its routes (dry runs as the edge proxy marks them), video outcomes (SNS) fanned out and sent, and a schedule for retries. */
export const handler = httpOrEvent(
  createHttpFunction(
    dryRunnableRoutes(subscriptionServices, {
      'POST /api/notifications/subscriptions': async (subscriptions, event) => ({
        status: 201,
        body: await subscriptions.create(principalOf(event).userId, readJsonBody(event, jsonBodyLimitBytes)),
      }),
      'GET /api/notifications/subscriptions': async (subscriptions, event) => ({
        status: 200,
        body: { subscriptions: await subscriptions.list(principalOf(event).userId) },
      }),
      'DELETE /api/notifications/subscriptions/{id}': async (subscriptions, event) => {
        await subscriptions.remove(principalOf(event).userId, pathParameter(event, 'id'));
        return { status: 204 };
      },
      'GET /api/notifications/deliveries': async (subscriptions, event) => ({
        status: 200,
        body: { deliveries: await subscriptions.listDeliveries(principalOf(event).userId) },
      }),
    }),
    logger,
  ),
  async (event) => {
    const { handlers } = await pipeline();
    await dispatchPipelineEvent({ videoOutcome: [handlers.notifications.onVideoOutcome], schedule: [handlers.notifications.onSchedule] })(event);
  },
);
