/** The units of migration: each can be served by the monolith or by its Lambda. */
export const capabilities = ['auth', 'videos', 'transcoding', 'metadata', 'notifications'] as const;

export type Capability = (typeof capabilities)[number];

/** Narrows a string to a known capability. */
export function isCapability(value: string): value is Capability {
  return (capabilities as readonly string[]).includes(value);
}
