/** Turns a recorded video event into one pending delivery per subscription that wants it. */
export interface VideoEventFanOut {
  /**
   * Fans the event out and marks it done, atomically; a repeated call adds nothing. Returns how many
   * deliveries it created, or undefined when no such event was recorded.
   */
  fanOut(eventKey: string, at: Date): Promise<number | undefined>;
}
