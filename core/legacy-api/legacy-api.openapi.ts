import type { Role } from '../auth/user';
import type { ErrorCode } from '../errors/app-error';
import { videoEventNames, type DeliveryStatus } from '../notifications/delivery';
import type { Channel } from '../notifications/subscription';
import { presetIds, type Preset } from '../transcoding/presets';
import type { JobStatus } from '../transcoding/transcode-job';
import type { RenditionStatus, VideoStatus } from '../videos/video';
import { defaultPageSize, maxPageSize } from '../videos/videos.schemas';
import type { JsonSchema, OpenApiDocument, Reference, ResponseObject } from './openapi-document';

// A Record of every value of a union: the compiler refuses a value missing from it or foreign to it,
// so the document's enums cannot drift from the types the views are written in.
const valuesOf = <Value extends string>(values: Record<Value, true>): Value[] => Object.keys(values) as Value[];

const errorCodes = valuesOf<ErrorCode>({
  validation_failed: true,
  unauthorized: true,
  invalid_credentials: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  not_ready: true,
  range_not_satisfiable: true,
  payload_too_large: true,
  unsupported_media_type: true,
  rate_limited: true,
  internal: true,
  upstream_error: true,
  unavailable: true,
  upstream_timeout: true,
});

const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): Reference => ({ $ref: `#/components/responses/${name}` });
const parameterRef = (name: string): Reference => ({ $ref: `#/components/parameters/${name}` });
const headerRef = (name: string): Reference => ({ $ref: `#/components/headers/${name}` });
const requestBodyRef = (name: string): Reference => ({ $ref: `#/components/requestBodies/${name}` });
const nullable = (name: string): JsonSchema => ({ oneOf: [schemaRef(name), { type: 'null' }] });

/** An object of exactly these properties: all required but `optional`, nothing else allowed (an extra field is a contract change). */
const closedObject = (properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  properties,
});

const uuid = { type: 'string', format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const preset = { type: 'string', enum: presetIds };
const eventNames = { type: 'array', items: { type: 'string', enum: videoEventNames }, minItems: 1, uniqueItems: true };
const requestId = { 'X-Request-Id': headerRef('XRequestId') };
const subscriptionFields = {
  id: uuid,
  channel: { type: 'string', enum: valuesOf<Channel>({ webhook: true, email: true }) },
  target: { type: 'string', minLength: 1, maxLength: 2048 },
  events: eventNames,
  createdAt: dateTime,
};

const json = (schemaName: string) => ({ 'application/json': { schema: schemaRef(schemaName) } });
const jsonResponse = (description: string, schemaName: string): ResponseObject => ({ description, headers: requestId, content: json(schemaName) });

/** A legacy error answer of one code; `details` comes with validation_failed and never otherwise. */
const errorResponse = (description: string, code: ErrorCode, headers: ResponseObject['headers'] = {}): ResponseObject => ({
  description,
  headers: { ...requestId, ...headers },
  content: {
    'application/json': {
      schema: {
        allOf: [
          schemaRef('Error'),
          {
            type: 'object',
            properties: {
              error:
                code === 'validation_failed'
                  ? { type: 'object', required: ['details'], properties: { code: { const: code }, details: { type: 'array' } } }
                  : { type: 'object', properties: { code: { const: code }, details: false } },
            },
          },
        ],
      },
    },
  },
});

/** A stored file, whole (200) or one byte range of it (206); the bytes are not described. */
const fileResponse = (description: string, mediaTypes: readonly string[], partial: boolean): ResponseObject => ({
  description,
  headers: {
    ...requestId,
    'Accept-Ranges': headerRef('AcceptRanges'),
    'Content-Length': headerRef('ContentLength'),
    ...(partial ? { 'Content-Range': headerRef('ContentRange') } : {}),
  },
  content: Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, {}])),
});

const noContent = (description: string): ResponseObject => ({ description, headers: requestId });

// Any operation can meet these: an unexpected fault, or (through the edge proxy) a side that fails,
// is unreachable or busy, or does not answer in time.
const serverFailures = {
  '500': responseRef('Internal'),
  '502': responseRef('UpstreamError'),
  '503': responseRef('Unavailable'),
  '504': responseRef('UpstreamTimeout'),
};

// What a JSON request body can be refused for before its fields are read (core/legacy-api/json-body.ts).
const jsonBodyRefusals = {
  '400': responseRef('BadRequest'),
  '413': responseRef('PayloadTooLarge'),
  '415': responseRef('UnsupportedMediaType'),
};

const bearer = [{ bearerAuth: [] }];
const unauthorized = { '401': responseRef('Unauthorized') };

/**
 * The legacy REST API (../shared/legacy-api.md) as an OpenAPI 3.1 document: what customers rely on,
 * whichever side answers. The contract suite checks every response it receives against it.
 */
export const legacyApiDocument = {
  openapi: '3.1.0',
  info: {
    title: '24-Hour Video legacy REST API',
    version: '1.0.0',
    description: [
      'The contract existing customers depend on; it must not change while routes move from the monolith to Lambda.',
      'Every response carries X-Request-Id (the caller\u2019s when it is a plain token, else a new one).',
      'Errors are `{"error": {"code", "message"}}`, with `details` for 400 only; any path or method not listed here answers 404 not_found.',
      'Request bodies are validated field by field; fields the API does not know are ignored, so request schemas stay open while response schemas are closed.',
    ].join('\n\n'),
  },
  servers: [{ url: 'http://localhost:3000', description: 'The edge proxy, as `npm start` runs it' }],
  tags: [
    { name: 'auth', description: 'Accounts and tokens' },
    { name: 'videos', description: 'Uploads, listing, deletion and rendition downloads' },
    { name: 'transcoding', description: 'Presets and transcode jobs' },
    { name: 'metadata', description: 'Technical metadata extracted with ffprobe' },
    { name: 'notifications', description: 'Webhook and e-mail subscriptions, and their deliveries' },
    { name: 'platform', description: 'Health of the service' },
  ],
  paths: {
    '/api/auth/signup': {
      post: {
        operationId: 'auth.signup',
        summary: 'Create an account and get a token',
        tags: ['auth'],
        security: [],
        requestBody: requestBodyRef('Signup'),
        responses: {
          '201': jsonResponse('The new account, a token and its lifetime', 'Session'),
          ...jsonBodyRefusals,
          '409': responseRef('Conflict'),
          ...serverFailures,
        },
      },
    },
    '/api/auth/login': {
      post: {
        operationId: 'auth.login',
        summary: 'Get a token for an account',
        tags: ['auth'],
        security: [],
        requestBody: requestBodyRef('Login'),
        responses: {
          '200': jsonResponse('The account, a fresh token and its lifetime', 'Session'),
          ...jsonBodyRefusals,
          '401': responseRef('InvalidCredentials'),
          ...serverFailures,
        },
      },
    },
    '/api/users/me': {
      get: {
        operationId: 'auth.me',
        summary: 'The caller\u2019s account',
        tags: ['auth'],
        security: bearer,
        responses: { '200': jsonResponse('The caller', 'User'), ...unauthorized, ...serverFailures },
      },
    },
    '/api/videos': {
      post: {
        operationId: 'videos.upload',
        summary: 'Upload a video; transcoding, metadata extraction and notifications follow by themselves',
        tags: ['videos'],
        security: bearer,
        requestBody: requestBodyRef('Upload'),
        responses: {
          '201': jsonResponse('The new video, `uploaded` or already `transcoding`', 'Video'),
          '400': responseRef('BadRequest'),
          ...unauthorized,
          '413': responseRef('PayloadTooLarge'),
          '415': responseRef('UnsupportedMediaType'),
          ...serverFailures,
        },
      },
      get: {
        operationId: 'videos.list',
        summary: 'The caller\u2019s videos, newest first, a page at a time',
        tags: ['videos'],
        security: bearer,
        parameters: [parameterRef('Limit'), parameterRef('Cursor')],
        responses: {
          '200': jsonResponse('One page of videos and the cursor of the next, if any', 'VideoPage'),
          '400': responseRef('BadRequest'),
          ...unauthorized,
          ...serverFailures,
        },
      },
    },
    '/api/videos/{id}': {
      get: {
        operationId: 'videos.get',
        summary: 'One of the caller\u2019s videos',
        tags: ['videos'],
        security: bearer,
        parameters: [parameterRef('VideoId')],
        responses: { '200': jsonResponse('The video', 'Video'), ...unauthorized, '404': responseRef('NotFound'), ...serverFailures },
      },
      delete: {
        operationId: 'videos.delete',
        summary: 'Delete a video with its files, renditions, jobs and metadata',
        tags: ['videos'],
        security: bearer,
        parameters: [parameterRef('VideoId')],
        responses: { '204': noContent('Deleted'), ...unauthorized, '404': responseRef('NotFound'), ...serverFailures },
      },
    },
    '/api/videos/{id}/renditions/{preset}': {
      get: {
        operationId: 'videos.rendition',
        summary: 'Download a ready rendition: the mp4 file, or the HLS master playlist',
        tags: ['videos'],
        security: bearer,
        parameters: [parameterRef('VideoId'), parameterRef('Preset'), parameterRef('Range')],
        responses: {
          '200': fileResponse('The whole file', ['video/mp4', 'application/vnd.apple.mpegurl'], false),
          '206': fileResponse('The requested byte range of the file', ['video/mp4', 'application/vnd.apple.mpegurl'], true),
          ...unauthorized,
          '404': responseRef('NotFound'),
          '416': responseRef('RangeNotSatisfiable'),
          ...serverFailures,
        },
      },
    },
    '/api/videos/{id}/renditions/hls/{path+}': {
      get: {
        operationId: 'videos.hls-file',
        summary: 'Download a variant playlist or a segment of a ready HLS rendition',
        tags: ['videos'],
        security: bearer,
        parameters: [parameterRef('VideoId'), parameterRef('HlsFilePath'), parameterRef('Range')],
        responses: {
          '200': fileResponse('The whole file', ['application/vnd.apple.mpegurl', 'video/mp2t'], false),
          '206': fileResponse('The requested byte range of the file', ['application/vnd.apple.mpegurl', 'video/mp2t'], true),
          ...unauthorized,
          '404': responseRef('NotFound'),
          '416': responseRef('RangeNotSatisfiable'),
          ...serverFailures,
        },
      },
    },
    '/api/presets': {
      get: {
        operationId: 'transcoding.presets',
        summary: 'The presets videos are transcoded into',
        tags: ['transcoding'],
        security: bearer,
        responses: { '200': jsonResponse('Every preset, largest first', 'PresetList'), ...unauthorized, ...serverFailures },
      },
    },
    '/api/videos/{id}/transcode': {
      post: {
        operationId: 'transcoding.start',
        summary: 'Transcode a video again, into some presets or all of them',
        tags: ['transcoding'],
        security: bearer,
        parameters: [parameterRef('VideoId')],
        requestBody: requestBodyRef('Transcode'),
        responses: {
          '202': jsonResponse('The queued job', 'JobAccepted'),
          ...jsonBodyRefusals,
          ...unauthorized,
          '404': responseRef('NotFound'),
          '409': responseRef('Conflict'),
          ...serverFailures,
        },
      },
    },
    '/api/jobs/{id}': {
      get: {
        operationId: 'transcoding.job',
        summary: 'A transcode job of one of the caller\u2019s videos',
        tags: ['transcoding'],
        security: bearer,
        parameters: [parameterRef('JobId')],
        responses: { '200': jsonResponse('The job', 'Job'), ...unauthorized, '404': responseRef('NotFound'), ...serverFailures },
      },
    },
    '/api/videos/{id}/metadata': {
      get: {
        operationId: 'metadata.get',
        summary: 'The technical metadata of a video\u2019s original',
        tags: ['metadata'],
        security: bearer,
        parameters: [parameterRef('VideoId')],
        responses: {
          '200': jsonResponse('The metadata', 'Metadata'),
          ...unauthorized,
          '404': responseRef('NotFound'),
          '409': responseRef('NotReady'),
          ...serverFailures,
        },
      },
    },
    '/api/notifications/subscriptions': {
      post: {
        operationId: 'notifications.subscribe',
        summary: 'Subscribe a webhook or an e-mail address to the caller\u2019s video events',
        tags: ['notifications'],
        security: bearer,
        requestBody: requestBodyRef('Subscribe'),
        responses: {
          '201': jsonResponse('The subscription; a webhook\u2019s signing secret is in this answer and nowhere else', 'CreatedSubscription'),
          ...jsonBodyRefusals,
          ...unauthorized,
          ...serverFailures,
        },
      },
      get: {
        operationId: 'notifications.subscriptions',
        summary: 'The caller\u2019s subscriptions, without secrets',
        tags: ['notifications'],
        security: bearer,
        responses: { '200': jsonResponse('The subscriptions, newest first', 'SubscriptionList'), ...unauthorized, ...serverFailures },
      },
    },
    '/api/notifications/subscriptions/{id}': {
      delete: {
        operationId: 'notifications.unsubscribe',
        summary: 'Remove a subscription',
        tags: ['notifications'],
        security: bearer,
        parameters: [parameterRef('SubscriptionId')],
        responses: { '204': noContent('Removed'), ...unauthorized, '404': responseRef('NotFound'), ...serverFailures },
      },
    },
    '/api/notifications/deliveries': {
      get: {
        operationId: 'notifications.deliveries',
        summary: 'The caller\u2019s most recent notification deliveries, newest first',
        tags: ['notifications'],
        security: bearer,
        responses: { '200': jsonResponse('Up to 100 deliveries', 'DeliveryList'), ...unauthorized, ...serverFailures },
      },
    },
    '/health': {
      get: {
        operationId: 'platform.health',
        summary: 'Whether the service answers',
        tags: ['platform'],
        security: [],
        responses: { '200': jsonResponse('The service answers', 'Health'), ...serverFailures },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    },
    parameters: {
      VideoId: { name: 'id', in: 'path', required: true, description: 'A video id; anything that is not one of the caller\u2019s videos answers 404', schema: uuid },
      JobId: { name: 'id', in: 'path', required: true, description: 'A job id; anything that is not a job of the caller\u2019s videos answers 404', schema: uuid },
      SubscriptionId: { name: 'id', in: 'path', required: true, description: 'A subscription id; anything that is not one of the caller\u2019s answers 404', schema: uuid },
      Preset: { name: 'preset', in: 'path', required: true, description: 'A preset whose rendition is ready; any other answers 404', schema: preset },
      HlsFilePath: {
        name: 'path',
        in: 'path',
        required: true,
        // Greedy like API Gateway's {proxy+}: the value spans segments ("480p/index.m3u8").
        description: 'A variant playlist (`480p/index.m3u8`) or segment (`480p/segment_000.ts`) as the master playlist names it; any other answers 404',
        schema: { type: 'string', pattern: '^[a-z0-9]{1,16}/(index\\.m3u8|segment_\\d{1,6}\\.ts)$' },
      },
      Range: {
        name: 'Range',
        in: 'header',
        required: false,
        description: 'One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-500`); several ranges or a malformed header get the whole file, a range past the end 416',
        schema: { type: 'string' },
      },
      Limit: { name: 'limit', in: 'query', required: false, description: 'Videos per page', schema: { type: 'integer', minimum: 1, maximum: maxPageSize, default: defaultPageSize } },
      Cursor: { name: 'cursor', in: 'query', required: false, description: 'The `nextCursor` of the previous page, as is', schema: { type: 'string', maxLength: 200 } },
    },
    requestBodies: {
      Signup: { required: true, content: json('SignupRequest') },
      Login: { required: true, content: json('LoginRequest') },
      Upload: { required: true, content: { 'multipart/form-data': { schema: schemaRef('UploadRequest') } } },
      // An absent or empty body means every preset the source can fill.
      Transcode: { required: false, content: json('TranscodeRequest') },
      Subscribe: { required: true, content: json('SubscriptionRequest') },
    },
    headers: {
      XRequestId: {
        description: 'The caller\u2019s X-Request-Id when it is a plain token, else a new UUID; the same on every side the request crossed',
        required: true,
        schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
      },
      AcceptRanges: { description: 'Byte ranges are honoured', required: true, schema: { type: 'string', const: 'bytes' } },
      ContentLength: { description: 'Bytes in this answer', required: true, schema: { type: 'string', pattern: '^\\d+$' } },
      ContentRange: { description: 'The range served and the whole file\u2019s size', required: true, schema: { type: 'string', pattern: '^bytes \\d+-\\d+/\\d+$' } },
      UnsatisfiedRange: { description: 'The whole file\u2019s size', required: true, schema: { type: 'string', pattern: '^bytes \\*/\\d+$' } },
      RetryAfter: { description: 'Seconds to wait before trying again', required: false, schema: { type: 'string', pattern: '^\\d+$' } },
    },
    responses: {
      BadRequest: errorResponse('validation_failed: what is wrong, one detail per field (`path` "" for the whole body)', 'validation_failed'),
      Unauthorized: errorResponse('unauthorized: the token is missing, invalid or expired', 'unauthorized'),
      InvalidCredentials: errorResponse('invalid_credentials: the email or password is wrong', 'invalid_credentials'),
      NotFound: errorResponse('not_found: no such resource among the caller\u2019s (another user\u2019s is not found either)', 'not_found'),
      Conflict: errorResponse('conflict: the state of the resource does not allow it', 'conflict'),
      NotReady: errorResponse('not_ready: not extracted yet; try again once the video is ready', 'not_ready'),
      PayloadTooLarge: errorResponse('payload_too_large: the body is over the limit', 'payload_too_large'),
      UnsupportedMediaType: errorResponse('unsupported_media_type: the body is not of a type this operation takes', 'unsupported_media_type'),
      RangeNotSatisfiable: errorResponse('range_not_satisfiable: no byte of the file is in the range', 'range_not_satisfiable', { 'Content-Range': headerRef('UnsatisfiedRange') }),
      Internal: errorResponse('internal: an unexpected fault, without its internals', 'internal'),
      UpstreamError: errorResponse('upstream_error: the side serving the route failed', 'upstream_error'),
      Unavailable: errorResponse('unavailable: the side serving the route is unreachable or busy', 'unavailable', { 'Retry-After': headerRef('RetryAfter') }),
      UpstreamTimeout: errorResponse('upstream_timeout: the side serving the route did not answer in time', 'upstream_timeout'),
    },
    schemas: {
      Error: closedObject({
        error: closedObject(
          {
            code: { type: 'string', enum: errorCodes },
            message: { type: 'string', minLength: 1 },
            details: { type: 'array', minItems: 1, items: schemaRef('ErrorDetail') },
          },
          ['details'],
        ),
      }),
      ErrorDetail: closedObject({ path: { type: 'string', description: 'Dotted path of the field ("presets.0"), "" for the whole body' }, message: { type: 'string', minLength: 1 } }),
      Failure: closedObject({ code: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }, message: { type: 'string', minLength: 1 } }),
      User: closedObject({
        id: uuid,
        email: { type: 'string', format: 'email' },
        name: { type: 'string', minLength: 1, maxLength: 100 },
        role: { type: 'string', enum: valuesOf<Role>({ user: true, admin: true }) },
        createdAt: dateTime,
      }),
      Session: closedObject({
        user: schemaRef('User'),
        token: { type: 'string', pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$', description: 'A JWT, sent back as `Authorization: Bearer <token>`' },
        expiresIn: { type: 'integer', minimum: 1, description: 'Seconds the token stays valid' },
      }),
      Rendition: {
        ...closedObject({
          preset,
          status: { type: 'string', enum: valuesOf<RenditionStatus>({ pending: true, ready: true, failed: true, skipped: true }) },
          url: { type: ['string', 'null'], pattern: '^/api/videos/[0-9a-f-]{36}/renditions/[a-z0-9]+$' },
          width: { type: ['integer', 'null'], minimum: 1 },
          height: { type: ['integer', 'null'], minimum: 1 },
          bitrateKbps: { type: ['integer', 'null'], minimum: 0 },
          sizeBytes: { type: ['integer', 'null'], minimum: 0 },
        }),
        // Only a ready rendition has a file, and so a URL and its facts (core/videos/video-view.ts).
        if: { type: 'object', properties: { status: { const: 'ready' } } },
        then: { type: 'object', properties: { url: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' }, bitrateKbps: { type: 'integer' }, sizeBytes: { type: 'integer' } } },
        else: { type: 'object', properties: { url: { type: 'null' }, width: { type: 'null' }, height: { type: 'null' }, bitrateKbps: { type: 'null' }, sizeBytes: { type: 'null' } } },
      },
      Video: closedObject({
        id: uuid,
        ownerId: uuid,
        title: { type: 'string', minLength: 1, maxLength: 255 },
        status: { type: 'string', enum: valuesOf<VideoStatus>({ uploaded: true, transcoding: true, ready: true, failed: true }) },
        sourceSizeBytes: { type: 'integer', minimum: 0 },
        createdAt: dateTime,
        updatedAt: dateTime,
        renditions: { type: 'array', items: schemaRef('Rendition'), description: 'In ladder order (1080p, 720p, 480p, hls)' },
        error: nullable('Failure'),
      }),
      VideoPage: closedObject({ videos: { type: 'array', items: schemaRef('Video') }, nextCursor: { type: ['string', 'null'], minLength: 1 } }),
      Preset: closedObject({
        id: preset,
        container: { type: 'string', enum: valuesOf<Preset['container']>({ mp4: true, hls: true }) },
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
        videoBitrateKbps: { type: 'integer', minimum: 1 },
        audioBitrateKbps: { type: 'integer', minimum: 1 },
      }),
      PresetList: closedObject({ presets: { type: 'array', items: schemaRef('Preset') } }),
      Job: closedObject({
        id: uuid,
        videoId: uuid,
        status: { type: 'string', enum: valuesOf<JobStatus>({ queued: true, processing: true, complete: true, failed: true }) },
        presets: { type: 'array', items: preset, minItems: 1, uniqueItems: true },
        progress: { type: 'integer', minimum: 0, maximum: 100 },
        createdAt: dateTime,
        startedAt: nullableDateTime,
        completedAt: nullableDateTime,
        error: nullable('Failure'),
      }),
      JobAccepted: closedObject({ job: schemaRef('Job') }),
      Metadata: closedObject({
        videoId: uuid,
        durationSeconds: { type: 'number', exclusiveMinimum: 0 },
        sizeBytes: { type: 'integer', minimum: 0 },
        bitRate: { type: 'integer', minimum: 0, description: 'Overall bit rate in bits per second' },
        formatName: { type: 'string', minLength: 1, description: 'ffprobe\u2019s format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"' },
        video: {
          ...closedObject({
            codec: { type: 'string', minLength: 1 },
            width: { type: 'integer', minimum: 1 },
            height: { type: 'integer', minimum: 1 },
            frameRate: { type: 'number', minimum: 0 },
            pixelFormat: { type: 'string', minLength: 1 },
          }),
          type: ['object', 'null'],
        },
        audio: {
          ...closedObject({ codec: { type: 'string', minLength: 1 }, sampleRate: { type: 'integer', minimum: 1 }, channels: { type: 'integer', minimum: 1 } }),
          type: ['object', 'null'],
        },
        extractedAt: dateTime,
      }),
      Subscription: { ...closedObject(subscriptionFields), allOf: [schemaRef('SubscriptionTarget')] },
      CreatedSubscription: {
        ...closedObject(
          {
            ...subscriptionFields,
            secret: { type: 'string', pattern: '^whsec_[0-9a-f]{64}$', description: 'Signs the webhook\u2019s deliveries (X-Webhook-Signature); shown once, here' },
          },
          ['secret'],
        ),
        allOf: [
          schemaRef('SubscriptionTarget'),
          {
            if: { type: 'object', properties: { channel: { const: 'webhook' } } },
            then: { type: 'object', required: ['secret'] },
            else: { type: 'object', not: { required: ['secret'] } },
          },
        ],
      },
      SubscriptionTarget: {
        description: 'A webhook\u2019s target is an http(s) URL, an e-mail subscription\u2019s an address (lower-cased)',
        type: 'object',
        if: { type: 'object', properties: { channel: { const: 'webhook' } } },
        then: { type: 'object', properties: { target: { type: 'string', format: 'uri', pattern: '^https?://' } } },
        else: { type: 'object', properties: { target: { type: 'string', format: 'email' } } },
      },
      SubscriptionList: closedObject({ subscriptions: { type: 'array', items: schemaRef('Subscription') } }),
      Delivery: closedObject({
        id: uuid,
        subscriptionId: uuid,
        event: { type: 'string', enum: videoEventNames },
        videoId: uuid,
        status: { type: 'string', enum: valuesOf<DeliveryStatus>({ pending: true, delivered: true, failed: true }) },
        attempts: { type: 'integer', minimum: 0 },
        lastError: { type: ['string', 'null'] },
        createdAt: dateTime,
        deliveredAt: nullableDateTime,
      }),
      DeliveryList: closedObject({ deliveries: { type: 'array', items: schemaRef('Delivery'), maxItems: 100 } }),
      Health: closedObject({ status: { type: 'string', const: 'ok' } }),
      SignupRequest: {
        type: 'object',
        required: ['email', 'password', 'name'],
        properties: {
          email: { type: 'string', format: 'email', maxLength: 254, description: 'Trimmed and lower-cased; unique' },
          password: { type: 'string', minLength: 8, maxLength: 1024 },
          name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: 'Trimmed' },
        },
      },
      LoginRequest: {
        type: 'object',
        required: ['email', 'password'],
        properties: {
          email: { type: 'string', minLength: 1, maxLength: 254, description: 'Trimmed and lower-cased, then looked up' },
          password: { type: 'string', minLength: 1, maxLength: 1024 },
        },
      },
      UploadRequest: {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            contentMediaType: 'application/octet-stream',
            description: 'The video: MP4, MOV, Matroska, WebM, AVI or MPEG-TS, recognised by its first bytes whatever its declared type (else 415)',
          },
          title: { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S', description: 'Trimmed; the file name when absent' },
        },
      },
      TranscodeRequest: {
        type: 'object',
        properties: { presets: { type: 'array', items: preset, minItems: 1, uniqueItems: true, description: 'Every preset when absent' } },
      },
      SubscriptionRequest: {
        type: 'object',
        required: ['channel'],
        discriminator: { propertyName: 'channel' },
        oneOf: [schemaRef('WebhookSubscriptionRequest'), schemaRef('EmailSubscriptionRequest')],
      },
      WebhookSubscriptionRequest: {
        type: 'object',
        required: ['channel', 'target'],
        properties: {
          channel: { const: 'webhook' },
          target: {
            type: 'string',
            format: 'uri',
            pattern: '^https?://',
            maxLength: 2048,
            description: 'Absolute http(s) URL without credentials, of a public address (private, loopback and link-local ones are refused)',
          },
          events: { ...eventNames, default: videoEventNames },
        },
      },
      EmailSubscriptionRequest: {
        type: 'object',
        required: ['channel', 'target'],
        properties: {
          channel: { const: 'email' },
          target: { type: 'string', format: 'email', maxLength: 254, description: 'Trimmed and lower-cased' },
          events: { ...eventNames, default: videoEventNames },
        },
      },
    },
  },
  'x-unknown-route': { '404': responseRef('NotFound') },
} as const satisfies OpenApiDocument;
