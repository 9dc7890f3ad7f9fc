/**
 * Runs CPU-bound jobs one at a time, each in its own macrotask (`setImmediate`).
 *
 * The cost model is synchronous. Requests waiting on one shared metrics load all resume
 * in the same microtask drain, and computing their reports back to back there stalls
 * the event loop for seconds: no I/O callback runs, so token verification times out
 * (401) and health checks fail. Queued this way, I/O runs between any two reports.
 */
export class ComputeQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T): Promise<T> {
    const result = this.tail.then(
      () =>
        new Promise<T>((resolve, reject) => {
          setImmediate(() => {
            try {
              resolve(job());
            } catch (error) {
              reject(error);
            }
          });
        }),
    );
    this.tail = result.catch(() => undefined);
    return result;
  }
}
