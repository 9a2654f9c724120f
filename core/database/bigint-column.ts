import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL returns bigint columns as strings (they may exceed 2^53); byte counts never do,
 * so they are read back as numbers on both engines.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
