import { describe, expect, it } from 'vitest';
import { flagOf } from '../../core/flags/flag-test-kit';
import { toFlagSnapshot } from '../../core/flags/flag-snapshot';
import type { Flag } from '../../core/flags/flag';
import { routeTable } from './route-table';
import { resolveRouteTarget } from './route-target';

const route = (id: string) => routeTable.find((entry) => entry.id === id)!;
const onLambda = (name: string): Flag => flagOf('capability', name, 'lambda');

describe('resolveRouteTarget', () => {
  it('sends a flagged route with a function to Lambda', () => {
    expect(resolveRouteTarget(toFlagSnapshot([onLambda('auth')]), route('auth.me'))).toBe('lambda');
  });

  it('keeps a route without a function on the monolith whatever its flag says', () => {
    expect(resolveRouteTarget(toFlagSnapshot([onLambda('videos')]), route('videos.list'))).toBe('legacy');
  });

  it('keeps platform routes on the monolith', () => {
    expect(resolveRouteTarget(toFlagSnapshot([onLambda('auth')]), route('platform.health'))).toBe('legacy');
  });
});
