import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { resolveByteRange } from '../../core/legacy-api/byte-range';
import type { DownloadableFile } from '../../core/videos/videos.service';

/** Streams a stored file, honouring a single-range `Range` header (206) as players and download managers use it. */
export async function sendStoredFile(req: Request, res: Response, file: DownloadableFile): Promise<void> {
  const range = resolveByteRange(req.headers.range, file.sizeBytes);
  // Opened before any header is set: if it fails, the error answer must not carry the file's headers.
  const body = await file.read(range);
  res.set({ 'Content-Type': file.contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' });
  if (range) {
    res.status(206).set({ 'Content-Range': `bytes ${range.start}-${range.end}/${file.sizeBytes}`, 'Content-Length': String(range.end - range.start + 1) });
  } else {
    res.status(200).set('Content-Length', String(file.sizeBytes));
  }
  // A client that goes away mid-download ends the pipeline with an error; there is nobody left to answer.
  await pipeline(body, res).catch(() => body.destroy());
}
