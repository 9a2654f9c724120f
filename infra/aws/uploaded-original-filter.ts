/**
 * The S3 key filter of the upload notification: only uploaded originals (`videos/<id>/source`,
 * core/videos/video-keys.ts). Derived files must not start the pipeline again.
 */
export const uploadedOriginalFilter = [
  { name: 'prefix', value: 'videos/' },
  { name: 'suffix', value: '/source' },
] as const satisfies ReadonlyArray<{ name: 'prefix' | 'suffix'; value: string }>;
