import { App } from 'aws-cdk-lib';
import { createStacks } from './create-stacks';
import { readDeployParameters } from './deploy-parameters';

/** The CDK app (`npm run synth`, `npm run deploy`): parameters from the context, `-c key=value`. */
const app = new App();
createStacks(app, readDeployParameters((key) => app.node.tryGetContext(key)), {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
app.synth();
