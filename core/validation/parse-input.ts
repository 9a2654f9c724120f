import type * as z from 'zod';
import { ValidationError } from '../errors/app-error';

/** Parses untrusted input with a zod schema; failures become a ValidationError with one detail per issue. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}
