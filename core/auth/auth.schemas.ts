import * as z from 'zod';
import { isPrintableText } from '../validation/printable-text';

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'must be a valid email address' }))
  .transform((value) => value.toLowerCase());

export const signupSchema = z.object({
  email,
  // The upper bound keeps hashing cost bounded whatever a caller sends.
  password: z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').refine(isPrintableText, 'must not contain control characters (NUL, line breaks, escape codes)'),
});

export const loginSchema = z.object({
  email: z.string().trim().min(1, 'must not be empty').max(254).transform((value) => value.toLowerCase()),
  password: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
});
