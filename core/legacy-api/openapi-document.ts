/**
 * The parts of an OpenAPI 3.1 document this project writes and reads, as types: enough for the
 * compiler to check the legacy API's document as it is written, without an OpenAPI dependency.
 */

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), kept open: ajv checks the keywords. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface Reference {
  readonly $ref: string;
}

interface HeaderObject {
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** A media type of a body; binary media types carry no schema (OpenAPI 3.1 §4.8.14.4). */
interface MediaTypeObject {
  readonly schema?: JsonSchema;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: { readonly [name: string]: HeaderObject | Reference };
  /** Absent for a response without a body (204). */
  readonly content?: { readonly [mediaType: string]: MediaTypeObject };
}

export interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

interface RequestBodyObject {
  readonly description?: string;
  readonly required?: boolean;
  readonly content: { readonly [mediaType: string]: MediaTypeObject };
}

type SecurityRequirement = { readonly [scheme: string]: readonly string[] };

export interface OperationObject {
  /** The route table's id of the endpoint (edge-proxy/routing/route-table.ts). */
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  /** Always stated, `[]` for public operations, so nothing depends on a document-wide default. */
  readonly security: readonly SecurityRequirement[];
  readonly parameters?: readonly (ParameterObject | Reference)[];
  readonly requestBody?: RequestBodyObject | Reference;
  readonly responses: { readonly [status: string]: ResponseObject | Reference };
}

export const operationMethods = ['get', 'put', 'post', 'delete', 'patch'] as const;
type OperationMethod = (typeof operationMethods)[number];

type PathItemObject = { readonly [Method in OperationMethod]?: OperationObject };

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: { readonly [template: string]: PathItemObject };
  readonly components: {
    readonly schemas: { readonly [name: string]: JsonSchema };
    readonly responses: { readonly [name: string]: ResponseObject };
    readonly parameters: { readonly [name: string]: ParameterObject };
    readonly headers: { readonly [name: string]: HeaderObject };
    readonly requestBodies: { readonly [name: string]: RequestBodyObject };
    readonly securitySchemes: { readonly [name: string]: { readonly type: string; readonly scheme: string; readonly bearerFormat: string } };
  };
  /** The responses of any path or method the document does not list (an extension: OpenAPI has no catch-all). */
  readonly 'x-unknown-route': OperationObject['responses'];
}
