import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes sniffVideoContainer needs to decide (file-type's sample size). */
export const sniffBytes = 4100;

// By file-type's extension. ISO-BMFF audio brands (m4a, m4b, m4p: iTunes audio, f4a, f4b) and
// image brands (heic, avif) are ISO-BMFF too, so the brand decides, never the box structure.
const videoContainers = new Set(['mp4', 'm4v', 'mov', '3gp', '3g2', 'f4v', 'mkv', 'webm', 'avi', 'mts', 'mpg', 'flv', 'asf', 'ogv', 'ogm']);

// file-type calls anything with 0x47 at offsets 0 and 188 (or 4 and 196, Blu-ray's 192-byte
// packets) an MPEG-TS: two 'G's, which plain text can have. Every packet in the sample must sync.
function isTransportStream(head: Uint8Array): boolean {
  const syncs = (offset: number, packetSize: number) => {
    let packets = 0;
    for (let at = offset; at < head.length; at += packetSize, packets += 1) if (head[at] !== 0x47) return false;
    return packets >= 2;
  };
  return syncs(0, 188) || syncs(4, 192);
}

/**
 * The video container the first bytes of a file announce (`container` is its usual extension),
 * or undefined for anything else: images, documents, archives, audio, text, nothing.
 */
export async function sniffVideoContainer(head: Uint8Array): Promise<{ container: string; mime: string } | undefined> {
  const sample = head.subarray(0, sniffBytes);
  const type = await fileTypeFromBuffer(sample);
  if (type === undefined || !videoContainers.has(type.ext)) return undefined;
  if (type.ext === 'mts' && !isTransportStream(sample)) return undefined;
  // ASF says whether it holds audio only (WMA) when its stream headers fit in the sample; when they
  // do not, file-type answers the generic ASF type, let through for the probe to judge.
  if (type.mime === 'audio/x-ms-asf') return undefined;
  return { container: type.ext, mime: type.mime };
}
