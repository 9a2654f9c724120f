/** An asynchronous invocation that failed every attempt (Lambda's on-failure destination). */
export interface DeadLetter {
  readonly id: string;
  readonly functionName: string;
  /** The event exactly as it was sent. */
  readonly payload: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly attempts: number;
  readonly failedAt: Date;
  /** When an engineer last sent it again; null until then. */
  readonly replayedAt: Date | null;
}

/** Where dead letters are kept for engineers to inspect and replay. */
export interface DeadLetterStore {
  record(letter: Omit<DeadLetter, 'id' | 'replayedAt'>): Promise<DeadLetter>;
  /** Newest first. */
  list(limit: number): Promise<DeadLetter[]>;
  find(id: string): Promise<DeadLetter | undefined>;
  markReplayed(id: string, at: Date): Promise<void>;
}
