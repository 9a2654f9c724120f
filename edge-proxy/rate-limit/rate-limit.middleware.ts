import type { IncomingMessage } from 'node:http';
import { rateLimit } from 'express-rate-limit';
import type { Clock } from '../../core/clock/clock';
import { requestIdHeader } from '../../core/legacy-api/request-id';
import type { NodeMiddleware } from '../http/node-middleware';
import { sendLegacyError } from '../http/send-legacy-error';
import { clientAddressOf, type TrustedProxies } from './client-address';
import { RateLimitedError } from './rate-limited-error';
import { WindowedHitStore } from './windowed-hit-store';

export interface RateLimitOptions {
  /** Requests one client may send per window; 0 turns the limit off. */
  readonly limit: number;
  readonly windowMs: number;
  readonly trustedProxies: TrustedProxies;
  readonly clock: Clock;
  /** Which requests count (default: all). */
  readonly applies?: (req: IncomingMessage) => boolean;
  /** What the 429 says is limited ("requests", "sign-in attempts"). */
  readonly what: string;
}

/**
 * Limits requests per client (by address, see client-address.ts) in fixed windows, answering over
 * the limit with the legacy 429 `rate_limited`, Retry-After and the IETF RateLimit headers.
 * Undefined when the limit is 0 (off), so nothing at all runs on the hot path.
 */
export function limitRequestsPerClient({ limit, windowMs, trustedProxies, clock, applies, what }: RateLimitOptions): NodeMiddleware | undefined {
  if (limit === 0) return undefined;
  const limiter = rateLimit({
    windowMs,
    limit,
    store: new WindowedHitStore(windowMs, clock),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => clientAddressOf(req, trustedProxies),
    ...(applies ? { skip: (req) => !applies(req) } : {}),
    // Its checks concern req.ip and Express's "trust proxy", neither of which this limiter uses:
    // the client is worked out from the socket and RATE_LIMIT_TRUSTED_PROXIES alone.
    validate: false,
    handler: (req, res) => {
      const seconds = Math.max(1, Math.ceil(windowMs / 1000));
      const error = new RateLimitedError(`Too many ${what} from this client: at most ${limit} per ${seconds} s; retry after the time in Retry-After`);
      sendLegacyError(res, error, String(req.headers[requestIdHeader]));
    },
  });
  // It runs on Node's own request and response, before express: with the key, skip and handler
  // above, express-rate-limit (v8) reads only headers and the socket and calls only setHeader.
  return (req, res, next) => void limiter(req as Parameters<typeof limiter>[0], res as Parameters<typeof limiter>[1], next);
}
