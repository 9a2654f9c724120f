/** One side's answer to a request, as the edge proxy captured it for comparison. */
export interface CapturedResponse {
  readonly target: 'legacy' | 'lambda';
  readonly status: number;
  /** Lower-case names; a header sent several times has its values joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body was larger than the capture limit: `body` holds only its beginning. */
  readonly bodyTruncated: boolean;
}
