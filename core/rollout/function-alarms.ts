/**
 * The CloudWatch alarms every deployed function has: infra/aws/function-alarms.ts creates them
 * under these names, and the automatic rollback reads them by the same names, so neither drifts.
 */
export const functionAlarmMetrics = ['errors', 'throttles', 'duration-p99'] as const;

export type FunctionAlarmMetric = (typeof functionAlarmMetrics)[number];

/** `<stage prefix><function>-<metric>`, e.g. `24hv-prod-auth-errors`. */
export const functionAlarmName = (stagePrefix: string, functionName: string, metric: FunctionAlarmMetric) => `${stagePrefix}${functionName}-${metric}`;

/** Which alarms of a function are firing now (in AWS: CloudWatch, over every instance's traffic). */
export interface FunctionAlarmReader {
  firing(functionName: string): Promise<string[]>;
}
