import type { Clock } from '../clock/clock';
import { NotFoundError, UnavailableError } from '../errors/app-error';
import type { DeadLetter, DeadLetterStore } from './dead-letter';

/** Sends an event to a function again, asynchronously (its retries and dead-lettering apply anew). */
export type Redeliver = (functionName: string, payload: string) => Promise<void>;

/** What engineers do with dead letters: read them, and send one again once its cause is fixed. */
export class DeadLetterReplay {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly redeliver: Redeliver,
    private readonly clock: Clock,
  ) {}

  list(limit: number): Promise<DeadLetter[]> {
    return this.store.list(limit);
  }

  /**
   * Delivers the event again, byte for byte. Handlers are idempotent, so replaying an event that
   * partly succeeded, or replaying twice, does no work twice.
   */
  async replay(id: string): Promise<DeadLetter> {
    const letter = await this.store.find(id);
    if (!letter) throw new NotFoundError(`No dead letter ${id}`);
    try {
      await this.redeliver(letter.functionName, letter.payload);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UnavailableError(`Could not hand the event to ${letter.functionName} again (${reason}): it stays a dead letter; try again`, 5, { cause: error });
    }
    const replayedAt = this.clock.now();
    await this.store.markReplayed(id, replayedAt);
    return { ...letter, replayedAt };
  }
}
