import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { HttpMethod } from '../../edge-proxy/routing/route-table';
import { expectMatchesContract } from './contract-checker';

/** `request(http)` of the contract suites: the same calls, each response checked against the contract. */
type ContractClient = Record<Lowercase<HttpMethod>, (path: string) => request.Test>;

/**
 * A drop-in for `request(http)` whose every response is checked against the legacy API's OpenAPI
 * document before the test's own assertions run, so no test needs code of its own for it.
 */
export function contractRequest(http: RequestListener | string): ContractClient {
  const checked = (method: Lowercase<HttpMethod>) => (path: string) =>
    request(http)[method](path).expect((response) => expectMatchesContract(method, path, response));
  return { get: checked('get'), post: checked('post'), put: checked('put'), patch: checked('patch'), delete: checked('delete') };
}
