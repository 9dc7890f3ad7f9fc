/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight: a fleet of many
 * clusters is loaded a few at a time, so neither the backend nor a shared metrics
 * server gets every cluster's queries at once. Results keep the items' order.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  return results;
}
