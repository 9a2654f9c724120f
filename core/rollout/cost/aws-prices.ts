/**
 * AWS list prices the cost model uses: on-demand, without free tiers or volume discounts.
 * Taken on 2026-12-03 from AWS's published prices (the pages in `sources`, and the whitepaper
 * "How AWS Pricing Works"), for us-east-1 (N. Virginia) and x86_64, the architecture the CDK app
 * deploys (infra/aws sets none). Update them together, with the date.
 */
export const awsPrices = {
  takenOn: '2026-12-03',
  region: 'us-east-1',
  sources: ['https://aws.amazon.com/lambda/pricing/', 'https://aws.amazon.com/api-gateway/pricing/', 'https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html'],
  lambda: {
    architecture: 'x86_64',
    /** Duration, first 6 billion GB-seconds a month. */
    perGbSecond: 0.0000166667,
    perMillionRequests: 0.2,
    /** Duration is rounded up to the next millisecond. */
    billingIncrementMs: 1,
  },
  httpApi: {
    /** HTTP API calls, first 300 million a month. */
    perMillionRequests: 1.0,
    /** A call is metered in 512 KB increments: a 1.2 MB call counts as three. */
    meteringIncrementBytes: 512 * 1024,
  },
  /** AWS bills a month as 730 hours (365 × 24 / 12). */
  hoursPerMonth: 730,
} as const;

export type AwsPrices = typeof awsPrices;
