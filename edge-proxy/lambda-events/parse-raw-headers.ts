/** One request header: the name as first sent and every value in the order received. */
export interface HeaderField {
  readonly name: string;
  readonly values: readonly string[];
}

/** Groups Node's flat rawHeaders ([name, value, …]) by case-insensitive name, keyed by the lower-cased name. */
export function parseRawHeaders(rawHeaders: readonly string[]): ReadonlyMap<string, HeaderField> {
  const fields = new Map<string, { name: string; values: string[] }>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const value = rawHeaders[index + 1];
    if (name === undefined || value === undefined) break;
    const key = name.toLowerCase();
    const field = fields.get(key);
    if (field) field.values.push(value);
    else fields.set(key, { name, values: [value] });
  }
  return fields;
}
