import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { createStacks } from './create-stacks';
import { readDeployParameters } from './deploy-parameters';

/** The account and region test stacks are synthesized for: ARNs come out readable. */
export const testEnv = { account: '111122223333', region: 'eu-west-1' } as const;

export const defaultTestContext = { stage: 'dev', emailFrom: '24-Hour Video <no-reply@videos.example.org>' };

export interface SynthesizedStage {
  readonly stateful: Template;
  readonly stateless: Template;
  readonly app: App;
  readonly stacks: { readonly stateful: Stack; readonly stateless: Stack };
  readonly outdir: string;
  readonly durationMs: number;
}

/**
 * Synthesizes one stage as `cdk synth` would, into a temporary folder. Bundling (esbuild) is
 * skipped unless asked for: the templates are the same, only the code assets differ.
 */
export function synthesizeStage(context: Record<string, string> = {}, { bundle = false } = {}): SynthesizedStage {
  const started = performance.now();
  const outdir = mkdtempSync(path.join(tmpdir(), '24hv-cdk-'));
  const app = new App({ outdir, context: { ...defaultTestContext, ...context, [BUNDLING_STACKS]: bundle ? ['**'] : [] } });
  let stacks;
  try {
    stacks = createStacks(app, readDeployParameters((key) => app.node.tryGetContext(key)), testEnv);
    app.synth();
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const { stateful, stateless } = stacks;
  const templates = { stateful: Template.fromStack(stateful), stateless: Template.fromStack(stateless) };
  return { ...templates, app, stacks: { stateful, stateless }, outdir, durationMs: performance.now() - started };
}

/** Removes what synthesizeStage wrote (bundles are tens of megabytes). */
export function discardStage(stage: SynthesizedStage | undefined): void {
  if (stage) rmSync(stage.outdir, { recursive: true, force: true });
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;

/** The resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

const pseudoParameters: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': testEnv.account,
  'AWS::Region': testEnv.region,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Resolves what CloudFormation would resolve without deploying anything: pseudo parameters and
 * Fn::Join. References to resources (Ref, Fn::GetAtt) stay as they are, to be compared as such.
 */
export function resolvePseudo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolvePseudo);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const ref = object.Ref;
  if (typeof ref === 'string' && pseudoParameters[ref] !== undefined) return pseudoParameters[ref];
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) {
    const parts = join[1].map(resolvePseudo);
    if (parts.every((part) => typeof part === 'string')) return parts.join(join[0]);
    return { 'Fn::Join': [join[0], parts] };
  }
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolvePseudo(inner)]));
}

/** The logical id of the function deployed under `functionName`. */
export function functionLogicalId(template: Template, functionName: string): string {
  const [id, ...others] = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).filter(([, fn]) => fn.Properties?.FunctionName === functionName);
  if (!id || others.length > 0) throw new Error(`Expected exactly one function named ${functionName}`);
  return id[0];
}
