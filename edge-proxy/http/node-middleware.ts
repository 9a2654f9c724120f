import type { IncomingMessage, ServerResponse } from 'node:http';

/** A middleware that needs nothing but Node's own request and response: it runs before any express. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
