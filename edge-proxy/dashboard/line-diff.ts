/** One row of a side-by-side diff: a line of each side (absent where a side has none), and whether they differ. */
export interface DiffRow {
  readonly primary?: { readonly number: number; readonly text: string };
  readonly shadow?: { readonly number: number; readonly text: string };
  readonly changed: boolean;
}

/** Bodies are trimmed when stored (trim-body.ts), so this bound only guards the quadratic table. */
const maxLines = 2000;

/**
 * Lines of two texts aligned side by side by their longest common subsequence: equal lines share
 * a row; between them, the removed and added lines are paired up row by row and marked changed.
 */
export function diffLines(primaryText: string, shadowText: string): DiffRow[] {
  const primary = primaryText.split('\n').slice(0, maxLines);
  const shadow = shadowText.split('\n').slice(0, maxLines);
  // common[i][j]: length of the longest common subsequence of primary[i..] and shadow[j..].
  const common = Array.from({ length: primary.length + 1 }, () => new Uint16Array(shadow.length + 1));
  for (let i = primary.length - 1; i >= 0; i--) {
    for (let j = shadow.length - 1; j >= 0; j--) {
      common[i]![j] = primary[i] === shadow[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const rows: DiffRow[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flushChanges = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const [p, s] = [removed[k], added[k]];
      rows.push({ ...(p === undefined ? {} : { primary: { number: p + 1, text: primary[p]! } }), ...(s === undefined ? {} : { shadow: { number: s + 1, text: shadow[s]! } }), changed: true });
    }
    removed = [];
    added = [];
  };
  let [i, j] = [0, 0];
  while (i < primary.length || j < shadow.length) {
    if (i < primary.length && j < shadow.length && primary[i] === shadow[j]) {
      flushChanges();
      rows.push({ primary: { number: i + 1, text: primary[i]! }, shadow: { number: j + 1, text: shadow[j]! }, changed: false });
      i++;
      j++;
    } else if (j >= shadow.length || (i < primary.length && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      removed.push(i++);
    } else {
      added.push(j++);
    }
  }
  flushChanges();
  return rows;
}

/** A body as engineers compare it: JSON pretty-printed with sorted keys (key order is no difference), anything else as it came. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body) as unknown, sortKeys, 2);
  } catch {
    // A trimmed body (cut at the size the proxy keeps) or a non-JSON answer is shown as text.
    return body;
  }
}

const sortKeys = (_key: string, value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;
