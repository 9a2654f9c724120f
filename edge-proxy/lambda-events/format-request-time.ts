/** Formats an instant the way API Gateway writes request times, always in UTC: '12/Mar/2020:19:03:58 +0000'. */
export function formatRequestTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('formatRequestTime needs a valid Date, got Invalid Date');
  const twoDigits = (value: number): string => String(value).padStart(2, '0');
  // toUTCString is 'Thu, 12 Mar 2020 19:03:58 GMT': English month abbreviation at a fixed position.
  const month = instant.toUTCString().slice(8, 11);
  const time = [instant.getUTCHours(), instant.getUTCMinutes(), instant.getUTCSeconds()].map(twoDigits).join(':');
  return `${twoDigits(instant.getUTCDate())}/${month}/${instant.getUTCFullYear()}:${time} +0000`;
}
