import { describe, expect, it } from 'vitest';
import { legacyApiDocument } from '../../core/legacy-api/legacy-api.openapi';
import { operationMethods, type OpenApiDocument, type ParameterObject, type Reference } from '../../core/legacy-api/openapi-document';
import { routeTable } from '../../edge-proxy/routing/route-table';
import { ContractViolationError, createSchemaCompiler, expectMatchesContract, pointerTo, type CheckedResponse } from '../support/contract-checker';

const document: OpenApiDocument = legacyApiDocument;

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  operationMethods.flatMap((method) => {
    const operation = item[method];
    return operation ? [{ path, method, operation }] : [];
  }),
);

/** What a `#/…` reference points at in the document, or undefined. */
const valueAt = (ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? Reflect.get(node, key) : undefined), document);

/** Every value of the document under `key`, with the JSON pointer segments leading to it. */
function collect(key: string, node: unknown = document, segments: string[] = []): Array<{ segments: string[]; value: unknown }> {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([name, child]) =>
    name === key ? [{ segments: [...segments, name], value: child }] : collect(key, child, [...segments, name]),
  );
}

const isReference = (value: object): value is Reference => '$ref' in value;
const parameterOf = (parameter: ParameterObject | Reference): ParameterObject => {
  if (!isReference(parameter)) return parameter;
  const resolved = document.components.parameters[parameter.$ref.replace('#/components/parameters/', '')];
  if (!resolved) throw new Error(`${parameter.$ref} is not a parameter of the document`);
  return resolved;
};

describe('the legacy API\u2019s OpenAPI document', () => {
  it('is an OpenAPI 3.1 document with a title, a version and unique operation ids', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).not.toBe('');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const path of Object.keys(document.paths)) expect(path).toMatch(/^\//);
  });

  it('lists every route of the route table, method by method, with its id and whether it needs a token, and nothing else', () => {
    const described = operations.map(({ path, method, operation }) => `${method.toUpperCase()} ${path} ${operation.operationId} ${operation.security.length > 0 ? 'token' : 'public'}`);
    const routed = routeTable.map((route) => `${route.method} ${route.path} ${route.id} ${route.auth ? 'token' : 'public'}`);
    expect(described.sort()).toEqual(routed.sort());
  });

  it('asks for the bearer token by a security scheme it defines', () => {
    for (const { operation } of operations) {
      for (const requirement of operation.security) {
        for (const scheme of Object.keys(requirement)) expect(document.components.securitySchemes[scheme], `${operation.operationId}: ${scheme}`).toBeDefined();
      }
    }
    expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('resolves every $ref', () => {
    const references = collect('$ref');
    expect(references.length).toBeGreaterThan(50);
    const broken = references.filter(({ value }) => typeof value !== 'string' || !value.startsWith('#/') || valueAt(value) === undefined);
    expect(broken).toEqual([]);
  });

  it('has only schemas that compile as strict JSON Schema 2020-12', () => {
    const compile = createSchemaCompiler(document);
    // Every `schema` of a parameter, header or media type, and every named schema, whether a response uses it or not.
    const pointers = [
      ...collect('schema').map(({ segments }) => pointerTo(...segments)),
      ...Object.keys(document.components.schemas).map((name) => pointerTo('components', 'schemas', name)),
    ];
    expect(pointers.length).toBeGreaterThan(40);
    const failures = pointers.flatMap((pointer) => {
      try {
        compile(pointer);
        return [];
      } catch (error) {
        return [`${decodeURIComponent(pointer)}: ${error instanceof Error ? error.message : String(error)}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('declares the parameters of each path template, required, and no other path parameter', () => {
    for (const { path, operation } of operations) {
      // A greedy `{path+}` is the parameter `path`, as API Gateway names `{proxy+}` `proxy`.
      const inTemplate = [...path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).map(parameterOf).filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name), `${operation.operationId}`).toEqual(inTemplate);
      for (const parameter of declared) expect(parameter.required, `${operation.operationId} ${parameter.name}`).toBe(true);
    }
  });

  it('declares 401 on every operation that needs a token, and 400 on every one that takes a body or a query', () => {
    for (const { operation } of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.security.length > 0) expect(statuses, operation.operationId).toContain('401');
      const takesQuery = (operation.parameters ?? []).map(parameterOf).some((parameter) => parameter.in === 'query');
      if (operation.requestBody || takesQuery) expect(statuses, operation.operationId).toContain('400');
    }
  });

  it('gives every response a description and X-Request-Id, and every operation the legacy answers of a failing side', () => {
    const responses = [
      ...Object.values(document.components.responses),
      ...operations.flatMap(({ operation }) => Object.values(operation.responses).flatMap((response) => (isReference(response) ? [] : [response]))),
    ];
    for (const response of responses) {
      expect(response.description).not.toBe('');
      expect(response.headers?.['X-Request-Id']).toEqual({ $ref: '#/components/headers/XRequestId' });
    }
    for (const { operation } of operations) expect(Object.keys(operation.responses), operation.operationId).toEqual(expect.arrayContaining(['500', '502', '503', '504']));
  });
});

describe('expectMatchesContract', () => {
  const videoId = '6f1c1b6e-3d9a-4a4e-9a57-0d9e0c1f2a3b';
  const json = { 'x-request-id': 'req-1', 'content-type': 'application/json; charset=utf-8' };
  const user = { id: videoId, email: 'ada@example.com', name: 'Ada', role: 'user', createdAt: '2026-11-23T10:00:00.000Z' };
  const preset = { id: '1080p', container: 'mp4', width: 1920, height: 1080, videoBitrateKbps: 5000, audioBitrateKbps: 192 };
  const notFound = { error: { code: 'not_found', message: 'No such video' } };

  /** The violation the checker reports for a response; fails when it reports none. */
  function violationOf(method: string, path: string, response: CheckedResponse): string {
    try {
      expectMatchesContract(method, path, response);
    } catch (error) {
      if (error instanceof ContractViolationError) return error.message;
      throw error;
    }
    throw new Error(`expected ${method} ${path} → ${response.status} to break the contract, and it did not`);
  }

  it('accepts the responses the contract declares, JSON or not', () => {
    expect(() => expectMatchesContract('GET', '/api/users/me', { status: 200, headers: json, body: user })).not.toThrow();
    expect(() => expectMatchesContract('DELETE', `/api/videos/${videoId}`, { status: 204, headers: { 'x-request-id': 'req-1' }, text: '' })).not.toThrow();
    const bytes = { 'x-request-id': 'req-1', 'accept-ranges': 'bytes', 'content-length': '100', 'content-range': 'bytes 100-199/5000' };
    expect(() => expectMatchesContract('GET', `/api/videos/${videoId}/renditions/480p`, { status: 206, headers: { ...bytes, 'content-type': 'video/mp4' }, body: Buffer.alloc(100) })).not.toThrow();
    // `{path+}` is greedy: a segment two folders down is the HLS file route, whose media types differ.
    expect(() => expectMatchesContract('GET', `/api/videos/${videoId}/renditions/hls/480p/segment_000.ts`, { status: 206, headers: { ...bytes, 'content-type': 'video/mp2t' }, body: Buffer.alloc(100) })).not.toThrow();
  });

  it('catches an extra property', () => {
    const message = violationOf('GET', '/api/users/me', { status: 200, headers: json, body: { ...user, passwordHash: '$argon2id$…' } });
    expect(message).toContain('GET /api/users/me answered 200, which breaks the contract (auth.me');
    expect(message).toContain('body: must NOT have additional properties ("passwordHash")');
  });

  it('catches a wrong type, naming where it is', () => {
    const message = violationOf('GET', '/api/presets', { status: 200, headers: json, body: { presets: [{ ...preset, width: '1920' }] } });
    expect(message).toContain('body/presets/0/width: must be integer');
  });

  it('catches an undeclared status', () => {
    const message = violationOf('DELETE', `/api/videos/${videoId}`, { status: 200, headers: json, body: {} });
    expect(message).toContain('status 200 is not declared (declared: 204, 401, 404, 500, 502, 503, 504)');
  });

  it('catches an undeclared content type', () => {
    const message = violationOf('GET', '/api/users/me', { status: 200, headers: { ...json, 'content-type': 'text/html; charset=utf-8' }, text: '<p>Ada</p>' });
    expect(message).toContain('Content-Type text/html; charset=utf-8 is not declared (declared: application/json)');
    const segment = violationOf('GET', `/api/videos/${videoId}/renditions/hls/480p/segment_000.ts`, {
      status: 200,
      headers: { 'x-request-id': 'req-1', 'accept-ranges': 'bytes', 'content-length': '100', 'content-type': 'video/mp4' },
      body: Buffer.alloc(100),
    });
    expect(segment).toContain('Content-Type video/mp4 is not declared (declared: application/vnd.apple.mpegurl, video/mp2t)');
  });

  it('catches a response without X-Request-Id, and a file answer without its declared headers', () => {
    expect(violationOf('GET', '/health', { status: 200, headers: { 'content-type': json['content-type'] }, body: { status: 'ok' } })).toContain('header X-Request-Id is missing');
    const partial = violationOf('GET', `/api/videos/${videoId}/renditions/480p`, { status: 206, headers: { 'x-request-id': 'req-1', 'accept-ranges': 'bytes', 'content-length': '100', 'content-type': 'video/mp4' }, body: Buffer.alloc(100) });
    expect(partial).toContain('header Content-Range is missing');
  });

  it('holds an error to the code of its status, and details to 400', () => {
    expect(violationOf('GET', `/api/videos/${videoId}/metadata`, { status: 409, headers: json, body: notFound })).toContain('body/error/code: must be equal to constant ("not_ready")');
    expect(violationOf('GET', `/api/videos/${videoId}`, { status: 404, headers: json, body: { error: { ...notFound.error, details: [{ path: 'id', message: 'unknown' }] } } })).toContain(
      'body/error/details: boolean schema is false',
    );
    expect(violationOf('POST', '/api/auth/login', { status: 400, headers: json, body: { error: { code: 'validation_failed', message: 'The request is invalid' } } })).toContain(
      "body/error: must have required property 'details'",
    );
  });

  it('holds JSON to application/json; charset=utf-8', () => {
    expect(violationOf('GET', '/health', { status: 200, headers: { ...json, 'content-type': 'application/json' }, body: { status: 'ok' } })).toContain(
      'Content-Type application/json instead of application/json; charset=utf-8',
    );
  });

  it('holds a path or method the document does not list to the legacy 404', () => {
    expect(() => expectMatchesContract('GET', '/api/nothing-here', { status: 404, headers: json, body: notFound })).not.toThrow();
    expect(() => expectMatchesContract('PUT', `/api/videos/${videoId}`, { status: 404, headers: json, body: notFound })).not.toThrow();
    expect(violationOf('GET', '/api/nothing-here', { status: 200, headers: json, body: { status: 'ok' } })).toContain('(an unknown route, #/x-unknown-route/200)');
  });
});
