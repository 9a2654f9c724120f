import * as z from 'zod';
import { ValidationError } from '../errors/app-error';
import { parseInput } from '../validation/parse-input';
import { isPrintableText } from '../validation/printable-text';
import type { ListPosition } from './video.store';

export const defaultPageSize = 20;
export const maxPageSize = 100;

/** `?limit=&cursor=` of the listing, as strings from a query. */
const listQuerySchema = z.object({
  limit: z.coerce
    .number({ error: `limit must be a whole number from 1 to ${maxPageSize}` })
    .int(`limit must be a whole number from 1 to ${maxPageSize}`)
    .min(1, `limit must be a whole number from 1 to ${maxPageSize}`)
    .max(maxPageSize, `limit must be a whole number from 1 to ${maxPageSize}`)
    .default(defaultPageSize),
  cursor: z.string().max(200, 'cursor is not one this API returned').optional(),
});

/** A title: trimmed, 1 to 255 characters. */
export const titleSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(255, 'title must be at most 255 characters')
  .refine(isPrintableText, 'title must not contain control characters (NUL, line breaks, escape codes)');

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** The opaque cursor handed out as `nextCursor`: the position of the last video of a page. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ createdAt: position.createdAt.toISOString(), id: position.id })).toString('base64url');
}

/** Reads a cursor back; anything this API did not hand out is a 400 on `cursor`. */
export function decodeCursor(cursor: string): ListPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const result = cursorSchema.safeParse(decoded);
  if (!result.success) throw new ValidationError([{ path: 'cursor', message: 'cursor is not one this API returned: pass nextCursor as is' }]);
  return { createdAt: new Date(result.data.createdAt), id: result.data.id };
}

/** Parses the listing query. */
export function parseListQuery(query: unknown): { limit: number; after?: ListPosition } {
  const { limit, cursor } = parseInput(listQuerySchema, query);
  return { limit, after: cursor === undefined ? undefined : decodeCursor(cursor) };
}
