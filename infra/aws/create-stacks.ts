import { Tags, type App, type Environment } from 'aws-cdk-lib';
import type { DeployParameters } from './deploy-parameters';
import { resourceNames } from './resource-names';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

/** The two stacks of one stage; the stateless one deploys after the stateful one it names resources of. */
export function createStacks(app: App, parameters: DeployParameters, env: Environment = {}) {
  const names = resourceNames(parameters.stage);
  const stateful = new StatefulStack(app, names.statefulStack, { env, names, monolith: parameters.monolith, description: `24-Hour Video ${parameters.stage}: data (buckets, topic, queues, secrets)` });
  const stateless = new StatelessStack(app, names.statelessStack, { env, names, parameters, description: `24-Hour Video ${parameters.stage}: API, edge proxy, functions, pipeline` });
  stateless.addStackDependency(stateful, 'names the buckets, topic, queues, role and secrets it creates');
  Tags.of(app).add('project', '24-hour-video');
  Tags.of(app).add('stage', parameters.stage);
  return { stateful, stateless };
}
