import { describe, expect, it } from 'vitest';
import type { ResponseSnapshot } from '../http/capture-response';
import { anEventContext, anIncomingHttpRequest } from '../lambda-events/incoming-http-request.builder';
import { routeTable } from '../routing/route-table';
import type { ShadowSender } from '../shadow/shadow-target';
import { countShadowDrops, countShadowSends } from './count-shadow-copies';

const answer: ResponseSnapshot = { status: 200, headers: {}, body: Buffer.alloc(0), bodyTruncated: false, bodyBytes: 0 };
const callFor = (routeId: string): Parameters<ShadowSender>[0] => ({
  request: anIncomingHttpRequest(),
  matched: { route: routeTable.find((route) => route.id === routeId)!, rawPathParameters: {} },
  context: anEventContext(),
});

describe('shadow copy counting', () => {
  it('counts each copy a sender sends, by route and the side it goes to, and hands back its answer', async () => {
    const sent: string[] = [];
    const senders = countShadowSends({ legacy: async () => answer, lambda: async () => ({ ...answer, status: 201 }) }, { countShadowSent: (route, target) => void sent.push(`${route}->${target}`) });
    expect((await senders.lambda(callFor('auth.me'))).status).toBe(201);
    expect((await senders.legacy(callFor('auth.login'))).status).toBe(200);
    expect(sent).toEqual(['auth.me->lambda', 'auth.login->legacy']);
  });

  it('counts a dropped copy and still records the drop and every comparison for parity', () => {
    const recorded: string[] = [];
    const dropped: string[] = [];
    const parity = countShadowDrops(
      { recordComparison: (routeId, matched) => void recorded.push(`${routeId} matched=${matched}`), recordDrop: (routeId) => void recorded.push(`${routeId} dropped`) },
      { countShadowDropped: (routeId) => void dropped.push(routeId) },
    );
    parity.recordComparison('auth.me', true, new Date());
    parity.recordDrop('auth.me', new Date());
    expect(recorded).toEqual(['auth.me matched=true', 'auth.me dropped']);
    expect(dropped).toEqual(['auth.me']);
  });
});
