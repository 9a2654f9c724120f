import express, { type RequestHandler } from 'express';
import { ValidationError } from '../../core/errors/app-error';
import { bodyTooLargeError, decodeJsonBody, unsupportedContentEncodingError } from '../../core/legacy-api/json-body';

/** body-parser's error for a body it could not read, translated to the legacy errors. */
function toBodyReadError(error: { type?: string }, limitBytes: number, encoding: string | undefined): Error {
  if (error.type === 'entity.too.large') return bodyTooLargeError(limitBytes);
  if (error.type === 'encoding.unsupported') return unsupportedContentEncodingError(encoding ?? '');
  return new ValidationError([{ path: '', message: 'The request body could not be read' }]);
}

/**
 * Reads the raw body (bounded, never inflated) and decodes it with the decoder the Lambdas use,
 * so both sides reject the same bodies with the same errors. The result is `req.body`.
 */
export function parseJsonBody(limitBytes: number): RequestHandler {
  const readRaw = express.raw({ type: () => true, limit: limitBytes, inflate: false });
  return (req, res, next) => {
    readRaw(req, res, (error?: unknown) => {
      const encoding = req.headers['content-encoding'];
      if (error) return next(toBodyReadError(error as { type?: string }, limitBytes, encoding));
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        req.body = decodeJsonBody(raw, { contentType: req.headers['content-type'], contentEncoding: encoding }, limitBytes);
        next();
      } catch (decodeError) {
        next(decodeError);
      }
    });
  };
}
