import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { legacyApiDocument } from '../../core/legacy-api/legacy-api.openapi';
import { operationMethods, type OpenApiDocument, type OperationObject, type Reference, type ResponseObject } from '../../core/legacy-api/openapi-document';

/** What the checker reads of a response: supertest's Response, or one made by hand in a test. */
export interface CheckedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
  /** The raw body as text, when supertest kept it (JSON); binary bodies parsed to a Buffer have none. */
  readonly text?: string;
}

/** A response the contract does not allow; the message lists every difference and shows the body. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}

const documentKey = 'legacy-api.openapi.json';
const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json$/;
const maxShownBodyChars = 2_000;

/** One segment of a JSON pointer in a URI fragment: `/api/videos/{id}` → `~1api~1videos~1%7Bid%7D`. */
const escapeSegment = (segment: string) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));

/** A JSON pointer into the document as a URI fragment (`#/paths/~1api~1videos/get`), as ajv resolves `$ref`s. */
export const pointerTo = (...segments: string[]): string => `#/${segments.map(escapeSegment).join('/')}`;

const isReference = (value: object): value is Reference => '$ref' in value;

/** The object itself, or the component of `kind` it refers to (`#/components/<kind>/<name>`), with its pointer. */
function resolve<Component extends object>(
  components: { readonly [name: string]: Component },
  kind: 'responses' | 'headers',
  value: Component | Reference,
  pointer: string,
): { value: Component; pointer: string } {
  if (!isReference(value)) return { value, pointer };
  const prefix = `#/components/${kind}/`;
  const name = value.$ref.startsWith(prefix) ? value.$ref.slice(prefix.length) : '';
  const component = components[name];
  if (!component) throw new Error(`The document's ${value.$ref} is not one of its ${kind}`);
  return { value: component, pointer: pointerTo('components', kind, name) };
}

/**
 * ajv (JSON Schema 2020-12, strict, with formats) over the whole document, registered once: any
 * schema in it compiles by its pointer, its `#/components/...` references resolving in the document.
 */
export function createSchemaCompiler(document: OpenApiDocument): (pointer: string) => ValidateFunction {
  // Strict, so a misspelt keyword in the document fails instead of checking nothing; but `required`
  // inside if/then names properties declared beside it, which ajv's strictRequired cannot see.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true });
  addFormats(ajv);
  // The OpenAPI fields around the schemas are no JSON Schema keywords: declared, strict mode accepts the root.
  ajv.addVocabulary(Object.keys(document));
  ajv.addSchema(document, documentKey);
  return (pointer) => ajv.compile({ $ref: `${documentKey}${pointer}` });
}

const describeSchemaError = (subject: string) => (error: ErrorObject): string => {
  const detail =
    error.keyword === 'additionalProperties' ? ` ("${error.params.additionalProperty}")`
    : error.keyword === 'enum' ? ` (${JSON.stringify(error.params.allowedValues)})`
    : error.keyword === 'const' ? ` (${JSON.stringify(error.params.allowedValue)})`
    : '';
  return `${subject}${error.instancePath}: ${error.message}${detail}`;
};

const showBody = (body: unknown): string => {
  const shown = Buffer.isBuffer(body) ? `<${body.length} bytes>` : (JSON.stringify(body) ?? String(body));
  return shown.length > maxShownBodyChars ? `${shown.slice(0, maxShownBodyChars)}…` : shown;
};

/** The template's regular expression: `{name}` is one segment, API Gateway's greedy `{name+}` one or more. */
function toPathPattern(template: string): RegExp {
  const source = template
    .split(/(\{\w+\+?\})/)
    .map((part) => (part.startsWith('{') ? (part.endsWith('+}') ? '(.+)' : '([^/]+)') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  // Case-insensitive with an optional trailing slash, as Express and the edge proxy match paths.
  return new RegExp(`^${source}/?$`, 'i');
}

/** Header names in lower case, repeated values joined, as supertest shows them. */
const normalizeHeaders = (headers: CheckedResponse['headers']): ReadonlyMap<string, string> =>
  new Map(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value] as const])));

/** The JSON body as sent: supertest's text when it kept one, the bytes of a binary parser, else its parsed body. */
function readJsonBody(response: CheckedResponse): { body: unknown } | undefined {
  const raw = typeof response.text === 'string' ? response.text : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : undefined;
  if (raw === undefined) return { body: response.body };
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return undefined;
  }
}

/** Builds a checker of responses against `document`; each schema compiles once, on first use. */
function createContractChecker(document: OpenApiDocument) {
  const compile = createSchemaCompiler(document);
  const validators = new Map<string, ValidateFunction>();
  const validate = (pointer: string, value: unknown, subject: string): string[] => {
    const validator = validators.get(pointer) ?? compile(pointer);
    validators.set(pointer, validator);
    return validator(value) ? [] : (validator.errors ?? []).map(describeSchemaError(subject));
  };
  const routes = Object.entries(document.paths).map(([template, item]) => ({ template, item, pattern: toPathPattern(template) }));

  const findOperation = (method: string, pathname: string): { operation: OperationObject; pointer: string } | undefined => {
    const key = operationMethods.find((candidate) => candidate === method.toLowerCase());
    for (const { template, item, pattern } of routes) {
      const operation = key && item[key];
      if (operation && pattern.test(pathname)) return { operation, pointer: pointerTo('paths', template, key) };
    }
    return undefined;
  };

  const checkHeaders = (declared: ResponseObject, pointer: string, headers: ReadonlyMap<string, string>): string[] =>
    Object.entries(declared.headers ?? {}).flatMap(([name, headerOrReference]) => {
      const { value: header, pointer: headerPointer } = resolve(document.components.headers, 'headers', headerOrReference, `${pointer}/headers/${escapeSegment(name)}`);
      const value = headers.get(name.toLowerCase());
      if (value === undefined) return header.required ? [`header ${name} is missing`] : [];
      return validate(`${headerPointer}/schema`, value, `header ${name} "${value}"`);
    });

  const checkBody = (declared: ResponseObject, pointer: string, response: CheckedResponse, contentType: string | undefined): string[] => {
    if (!declared.content) {
      const size = Buffer.isBuffer(response.body) ? response.body.length : (response.text ?? '').length;
      return [
        ...(contentType === undefined ? [] : [`Content-Type ${contentType} on a response declared without a body`]),
        ...(size > 0 ? [`a body of ${size} bytes on a response declared without one`] : []),
      ];
    }
    const declaredTypes = Object.keys(declared.content).join(', ');
    if (contentType === undefined) return [`no Content-Type (declared: ${declaredTypes})`];
    const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
    const media = declared.content[mediaType];
    if (!media) return [`Content-Type ${contentType} is not declared (declared: ${declaredTypes})`];
    // Binary media (video, playlists, segments) are declared by type alone: their bytes are not JSON.
    if (!jsonMediaType.test(mediaType) || !media.schema) return [];
    // legacy-api.md, Conventions: JSON goes out as `application/json; charset=utf-8`.
    const charset = contentType.replace(/\s/g, '').toLowerCase() === 'application/json;charset=utf-8' ? [] : [`Content-Type ${contentType} instead of application/json; charset=utf-8`];
    const json = readJsonBody(response);
    if (!json) return [...charset, 'the body is not valid JSON'];
    return [...charset, ...validate(`${pointer}/content/${escapeSegment(mediaType)}/schema`, json.body, 'body')];
  };

  /** Throws a ContractViolationError unless the response to `method path` is one the document declares. */
  return function expectMatchesContract(method: string, path: string, response: CheckedResponse): void {
    const found = findOperation(method, path.split(/[?#]/, 1)[0]!);
    // Paths and methods the document does not list answer as its x-unknown-route says (404).
    const responses = found ? found.operation.responses : document['x-unknown-route'];
    const declaredPointer = `${found ? `${found.pointer}/responses` : pointerTo('x-unknown-route')}/${response.status}`;
    const headers = normalizeHeaders(response.headers);
    const violations = headers.get('x-request-id') ? [] : ['header X-Request-Id is missing (every response carries one)'];
    const declaredOrReference = responses[String(response.status)];
    let where = decodeURIComponent(declaredPointer);
    if (declaredOrReference) {
      const { value: declared, pointer } = resolve(document.components.responses, 'responses', declaredOrReference, declaredPointer);
      if (pointer !== declaredPointer) where += ` → ${decodeURIComponent(pointer)}`;
      violations.push(...checkHeaders(declared, pointer, headers), ...checkBody(declared, pointer, response, headers.get('content-type')));
    } else {
      violations.push(`status ${response.status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
    }
    if (violations.length === 0) return;
    throw new ContractViolationError(
      [
        `${method.toUpperCase()} ${path} answered ${response.status}, which breaks the contract (${found?.operation.operationId ?? 'an unknown route'}, ${where}):`,
        ...violations.map((violation) => `  - ${violation}`),
        `body: ${showBody(response.body)}`,
      ].join('\n'),
    );
  };
}

/** Checks a response of the legacy API against its OpenAPI document (core/legacy-api/legacy-api.openapi.ts). */
export const expectMatchesContract = createContractChecker(legacyApiDocument);
