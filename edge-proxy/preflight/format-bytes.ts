const units = [
  { name: 'GiB', bytes: 1024 ** 3 },
  { name: 'MiB', bytes: 1024 ** 2 },
  { name: 'KiB', bytes: 1024 },
] as const;

/** A byte count as people read it: `1 GiB`, `4.5 MiB`, `100 KiB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  const unit = units.find((candidate) => bytes >= candidate.bytes);
  if (!unit) return `${bytes} bytes`;
  const value = Math.round((bytes / unit.bytes) * 10) / 10;
  return `${value} ${unit.name}`;
}
