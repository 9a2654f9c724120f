/** An HTTP response ready to write: headers as pairs so several Set-Cookie headers survive. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}
