// Control characters (Unicode Cc: C0, DEL and C1): NUL truncates strings in C libraries and
// PostgreSQL refuses it outright, and escape sequences repaint the terminal of whoever reads a log
// or a listing. Right-to-left and other Unicode text is untouched.
const controlCharacter = /\p{Cc}/u;

/** Whether a one-line text (a name, a title) is free of control characters. */
export function isPrintableText(value: string): boolean {
  return !controlCharacter.test(value);
}
