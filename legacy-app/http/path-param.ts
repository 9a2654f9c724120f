import type { Request } from 'express';

/** A path parameter as one string; a wildcard (`*path`), which Express 5 gives as segments, is joined with '/'. */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}
