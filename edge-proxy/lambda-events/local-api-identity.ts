// The identity the edge proxy claims when it stands in for API Gateway. Lambdas must not depend on
// these values; they exist because the event shapes require them.
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';
export const DEFAULT_STAGE = '$default';

/** The first label of a domain name, as API Gateway reports it in `requestContext.domainPrefix`. */
export function toDomainPrefix(domainName: string): string {
  return domainName.split('.', 1)[0] ?? domainName;
}
