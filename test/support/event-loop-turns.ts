/** Awaits `work`, counting the turns the event loop took meanwhile (setImmediate callbacks that ran). */
export async function countingEventLoopTurns<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let done = false;
  const turn = () => {
    if (done) return;
    turns += 1;
    setImmediate(turn);
  };
  setImmediate(turn);
  const result = await work();
  done = true;
  return { result, turns };
}
