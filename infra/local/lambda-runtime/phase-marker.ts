const DELIMITER = '\u001e';
const PREFIX = `${DELIMITER}lambda-runtime:phase-end:`;
const MARKER = new RegExp(`${PREFIX}([\\w-]{1,64})${DELIMITER}\\n`, 'g');
const MAX_MARKER_LENGTH = PREFIX.length + 64 + 2;

/** A piece of a host's output: text the function wrote, or the end of a phase. */
type OutputPiece = { readonly text: string } | { readonly phaseId: string };

/**
 * What a host writes to stdout and to stderr once a phase is over. Output arrives on pipes and the
 * outcome on the IPC channel, in no fixed order: the marker tells the runtime that the phase's
 * output is complete, so every line lands in the right invocation's log.
 */
export function phaseEndMarker(phaseId: string): string {
  return `${PREFIX}${phaseId}${DELIMITER}\n`;
}

/** Cuts one output stream of a host into text and phase-end markers, across chunk boundaries. */
export class PhaseOutputSplitter {
  private pending = '';

  /** The pieces that `chunk` completes; a marker cut in two waits for the next chunk. */
  split(chunk: string): OutputPiece[] {
    const text = this.pending + chunk;
    const pieces: OutputPiece[] = [];
    let from = 0;
    for (const match of text.matchAll(MARKER)) {
      pushText(pieces, text.slice(from, match.index));
      pieces.push({ phaseId: match[1] ?? '' });
      from = match.index + match[0].length;
    }
    const rest = text.slice(from);
    const holdAt = rest.indexOf(DELIMITER, Math.max(0, rest.length - MAX_MARKER_LENGTH));
    const cut = holdAt === -1 ? rest.length : holdAt;
    pushText(pieces, rest.slice(0, cut));
    this.pending = rest.slice(cut);
    return pieces;
  }

  /** Whatever was held back, once the stream has ended. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}

function pushText(pieces: OutputPiece[], text: string): void {
  if (text !== '') pieces.push({ text });
}
