import { describe, expect, it } from 'vitest';
import { routeTable } from '../routing/route-table';
import { functionsOfFlag } from './flag-functions';

describe('functionsOfFlag', () => {
  it('names the function of every route a capability flag governs, once', () => {
    expect(functionsOfFlag({ scope: 'capability', name: 'auth' }, routeTable)).toEqual(['auth']);
  });

  it('names a route flag’s own function', () => {
    expect(functionsOfFlag({ scope: 'route', name: 'auth.me' }, routeTable)).toEqual(['auth']);
  });

  it('names none for routes no function serves', () => {
    expect(functionsOfFlag({ scope: 'route', name: 'videos.upload' }, routeTable)).toEqual([]);
  });
});
