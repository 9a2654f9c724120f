import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnQueue as CfnMediaConvertQueue } from 'aws-cdk-lib/aws-mediaconvert';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { MonolithDeployment } from './deploy-parameters';
import type { ResourceNames } from './resource-names';
import { stageResources } from './stage-resources';
import { uploadedOriginalFilter } from './uploaded-original-filter';

export interface StatefulStackProps extends StackProps {
  readonly names: ResourceNames;
  readonly monolith: MonolithDeployment;
}

/**
 * What holds data: the buckets, the upload event topic, the queues of dead letters and of the
 * monolith's events, the MediaConvert queue and role, and the secrets. Retained when the stack
 * goes; the stateless stack can be destroyed and redeployed around it at will.
 */
export class StatefulStack extends Stack {
  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { names } = props;
    const resources = stageResources(this, names);
    const bucket = (id: string, bucketName: string) =>
      new Bucket(this, id, {
        bucketName,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
        // Uploads stream in parts; a part left by a crashed upload would be billed forever.
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      });
    const uploads = bucket('Uploads', resources.uploadsBucketName);
    const renditions = bucket('Renditions', resources.renditionsBucketName);

    const uploadEvents = new Topic(this, 'UploadEvents', { topicName: names.uploadEventsTopic, displayName: 'Uploaded originals (S3 ObjectCreated)' });
    uploadEvents.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('s3.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [uploadEvents.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': resources.uploadsBucketArn }, StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    // Declared on the bucket itself (CloudFormation), not through CDK's notification custom
    // resource, whose handler may change the notifications of any bucket (`*`). S3 checks the
    // topic policy when the notification is set: the bucket waits for it.
    (uploads.node.defaultChild as CfnBucket).notificationConfiguration = {
      topicConfigurations: [{ event: 's3:ObjectCreated:*', topic: uploadEvents.topicArn, filter: { s3Key: { rules: [...uploadedOriginalFilter] } } }],
    };
    uploads.node.addDependency(uploadEvents);

    const queue = (id: string, queueName: string) =>
      new Queue(this, id, { queueName, retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, removalPolicy: RemovalPolicy.RETAIN });
    queue('DeadLetters', names.deadLetterQueue);
    if (props.monolith.kind === 'url') {
      // The monolith running elsewhere gets its side of the upload events here, to poll.
      uploadEvents.addSubscription(new SqsSubscription(queue('MonolithEvents', names.monolithEventsQueue)));
    }

    new CfnMediaConvertQueue(this, 'MediaConvertQueue', { name: names.mediaConvertQueue, pricingPlan: 'ON_DEMAND', status: 'ACTIVE', description: 'Transcode jobs of this stage; its job state events are the ones the stage reads' });
    const mediaConvertRole = new Role(this, 'MediaConvertRole', {
      roleName: names.mediaConvertRole,
      assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com'),
      description: 'Assumed by MediaConvert for this stage: reads uploaded originals, writes renditions',
    });
    mediaConvertRole.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [`${resources.uploadsBucketArn}/videos/*`] }));
    mediaConvertRole.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${resources.renditionsBucketArn}/videos/*`] }));

    // Created with a random placeholder that the code refuses by name (DATABASE_URL, JWT_*), until
    // the operator puts the real value in (README); the admin token is usable as generated.
    const secret = (id: string, secretName: string, description: string) =>
      new Secret(this, id, { secretName, description, removalPolicy: RemovalPolicy.RETAIN, generateSecretString: { excludePunctuation: true, passwordLength: 48 } });
    secret('DatabaseUrl', names.databaseUrlSecret, 'DATABASE_URL: postgres://user:password@host:5432/database?sslmode=verify-full');
    secret('JwtPrivateKey', names.jwtPrivateKeySecret, 'JWT_PRIVATE_KEY: Ed25519 PKCS#8 PEM that signs tokens (auth, monolith)');
    secret('JwtPublicKey', names.jwtPublicKeySecret, 'JWT_PUBLIC_KEY: Ed25519 SPKI PEM that verifies tokens (authorizer, proxy)');
    secret('AdminToken', names.adminTokenSecret, "STRANGLER_ADMIN_TOKEN: engineers' token for the admin API");

    new CfnOutput(this, 'UploadsBucketName', { value: uploads.bucketName });
    new CfnOutput(this, 'RenditionsBucketName', { value: renditions.bucketName });
  }
}
