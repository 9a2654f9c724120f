import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aCapturedResponse, jsonPair } from './captured-response.builder';
import { compareResponses } from './compare-responses';
import { defaultParityRules, type ParityRules } from './parity-rules';

const none: ParityRules = { ignore: [] };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('compareResponses', () => {
  it('matches two equal JSON responses whose keys come in another order and whose request ids differ', () => {
    const primary = aCapturedResponse({ body: Buffer.from('{"user":{"id":"u1","name":"Ada"},"expiresIn":3600}'), headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'a', date: 'Mon', 'content-length': '52', etag: 'W/"1"' } });
    const shadow = aCapturedResponse({ target: 'lambda', body: Buffer.from('{ "expiresIn": 3600, "user": { "name": "Ada", "id": "u1" } }'), headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'b', date: 'Tue', 'content-length': '61', etag: 'W/"2"' } });
    expect(compareResponses(primary, shadow, none)).toEqual({ matched: true, bodyCompared: true, differences: [] });
  });

  it('reports a different status', () => {
    const result = compareResponses(aCapturedResponse({ status: 404 }), aCapturedResponse({ status: 502 }), none);
    expect(result.matched).toBe(false);
    expect(result.differences).toEqual([{ path: 'status', primary: 404, shadow: 502 }]);
  });

  it('reports the JSON leaves that differ, with their paths', () => {
    const [primary, shadow] = jsonPair({ user: { name: 'Ada', role: 'user' } }, { user: { name: 'Ada', role: 'admin' } });
    expect(compareResponses(primary, shadow, none).differences).toEqual([{ path: 'body.user.role', primary: 'user', shadow: 'admin' }]);
  });

  it('honours the ignore rules and still catches the fields they do not name', () => {
    const rules: ParityRules = { ignore: ['token', 'user.id'] };
    const [same, alike] = jsonPair({ token: 't1', user: { id: '1', email: 'a@x.test' } }, { token: 't2', user: { id: '2', email: 'a@x.test' } });
    expect(compareResponses(same, alike, rules).matched).toBe(true);
    const [primary, shadow] = jsonPair({ token: 't1', user: { id: '1', email: 'a@x.test' } }, { token: 't2', user: { id: '2', email: 'b@x.test' } });
    expect(compareResponses(primary, shadow, rules).differences).toEqual([{ path: 'body.user.email', primary: 'a@x.test', shadow: 'b@x.test' }]);
  });

  it('ignores a request id echoed in legacy error bodies by default, but not the error itself', () => {
    const [primary, shadow] = jsonPair(
      { error: { code: 'not_found', message: 'Video not found', requestId: 'a' } },
      { error: { code: 'not_found', message: 'No such video', requestId: 'b' } },
    );
    expect(compareResponses(primary, shadow, defaultParityRules).differences).toEqual([{ path: 'body.error.message', primary: 'Video not found', shadow: 'No such video' }]);
  });

  describe('headers', () => {
    const withHeaders = (primary: Record<string, string>, shadow: Record<string, string>) =>
      compareResponses(aCapturedResponse({ headers: primary }), aCapturedResponse({ target: 'lambda', headers: shadow }), none);

    it('compares the content type by media type and charset, whatever the case and spacing', () => {
      expect(withHeaders({ 'content-type': 'application/json; charset=utf-8' }, { 'content-type': 'Application/JSON;Charset="UTF-8"' }).matched).toBe(true);
      expect(withHeaders({ 'content-type': 'application/json; charset=utf-8' }, { 'content-type': 'application/json' }).differences).toEqual([
        { path: 'header:content-type', primary: 'application/json; charset=utf-8', shadow: 'application/json' },
      ]);
      expect(withHeaders({ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }).differences.map((difference) => difference.path)).toContain('header:content-type');
    });

    it('reports a compared header missing on one side', () => {
      expect(withHeaders({ 'content-type': 'application/json', 'retry-after': '5' }, { 'content-type': 'application/json' }).differences).toEqual([
        { path: 'header:retry-after', primary: '5', shadow: undefined },
      ]);
    });

    it('compares location, www-authenticate, content-range and cache-control', () => {
      const primary = { location: '/api/jobs/1', 'www-authenticate': 'Bearer', 'content-range': 'bytes 0-9/100', 'cache-control': 'no-store' };
      const shadow = { location: '/api/jobs/2', 'www-authenticate': 'Basic', 'content-range': 'bytes 0-9/200', 'cache-control': 'public' };
      expect(withHeaders(primary, shadow).differences.map((difference) => difference.path)).toEqual(['header:content-range', 'header:location', 'header:www-authenticate', 'header:cache-control']);
    });

    it('never compares per-response or framing headers', () => {
      const primary = { date: 'a', 'x-request-id': 'a', 'content-length': '1', etag: 'a', connection: 'close', 'keep-alive': 'timeout=5' };
      const shadow = { date: 'b', 'x-request-id': 'b', 'content-length': '2', etag: 'b', connection: 'keep-alive', 'keep-alive': 'timeout=9' };
      expect(withHeaders(primary, shadow).matched).toBe(true);
    });
  });

  describe('bodies that are not JSON', () => {
    const file = (target: 'legacy' | 'lambda', bytes: Buffer) => aCapturedResponse({ target, headers: { 'content-type': 'video/mp4' }, body: bytes });

    it('matches equal bytes', () => {
      const bytes = Buffer.from([0, 0, 0, 24, 102, 116, 121, 112]);
      expect(compareResponses(file('legacy', bytes), file('lambda', Buffer.from(bytes)), none).matched).toBe(true);
    });

    it('reports different bytes by length and sha256', () => {
      const primary = Buffer.from([0, 1, 2, 3]);
      const shadow = Buffer.from([0, 1, 2]);
      expect(compareResponses(file('legacy', primary), file('lambda', shadow), none).differences).toEqual([
        { path: 'body', primary: { bytes: 4, sha256: sha256(primary) }, shadow: { bytes: 3, sha256: sha256(shadow) } },
      ]);
    });

    it('compares bytes when only one side is JSON, or when a body declared JSON does not parse', () => {
      const html = aCapturedResponse({ target: 'lambda', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from('<html>oops</html>') });
      expect(compareResponses(aCapturedResponse({ body: Buffer.from('{"status":"ok"}') }), html, none).differences).toEqual([
        { path: 'body', primary: { bytes: 15, sha256: sha256(Buffer.from('{"status":"ok"}')) }, shadow: { bytes: 17, sha256: sha256(Buffer.from('<html>oops</html>')) } },
      ]);
    });

    it('compares JSON structurally even when the content type does not say JSON', () => {
      const primary = aCapturedResponse({ headers: {}, body: Buffer.from('{"a":1,"b":2}') });
      const shadow = aCapturedResponse({ target: 'lambda', headers: {}, body: Buffer.from('{"b":2,"a":1}') });
      expect(compareResponses(primary, shadow, none).matched).toBe(true);
    });

    it('matches two empty bodies (204)', () => {
      const empty = (target: 'legacy' | 'lambda') => aCapturedResponse({ target, status: 204, headers: {}, body: Buffer.alloc(0) });
      expect(compareResponses(empty('legacy'), empty('lambda'), none)).toEqual({ matched: true, bodyCompared: true, differences: [] });
    });
  });

  describe('truncated bodies', () => {
    it('does not compare bodies when either was truncated, says so, and still compares status and headers', () => {
      const primary = aCapturedResponse({ headers: { 'content-type': 'video/mp4' }, body: Buffer.from('aaaa'), bodyTruncated: true });
      const shadow = aCapturedResponse({ target: 'lambda', headers: { 'content-type': 'video/mp4' }, body: Buffer.from('bbbb') });
      expect(compareResponses(primary, shadow, none)).toEqual({ matched: true, bodyCompared: false, differences: [] });
      const failed = aCapturedResponse({ target: 'lambda', status: 502, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
      expect(compareResponses(primary, failed, none)).toEqual({
        matched: false,
        bodyCompared: false,
        differences: [
          { path: 'status', primary: 200, shadow: 502 },
          { path: 'header:content-type', primary: 'video/mp4', shadow: 'application/json' },
        ],
      });
    });
  });

  it('reports at most 50 differences in all', () => {
    const keys = Array.from({ length: 80 }, (_, index) => `k${index}`);
    const [primary, shadow] = jsonPair(Object.fromEntries(keys.map((key) => [key, 1])), Object.fromEntries(keys.map((key) => [key, 2])));
    const result = compareResponses(primary, { ...shadow, status: 500 }, none);
    expect(result.differences).toHaveLength(50);
    expect(result.differences[0]).toEqual({ path: 'status', primary: 200, shadow: 500 });
  });
});
