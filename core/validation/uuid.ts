const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path parameter can be an id at all (PostgreSQL rejects non-UUIDs in uuid columns). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
