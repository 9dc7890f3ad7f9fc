import { MessageChannel } from 'node:worker_threads';
import { inSharedMemory, sharedFloat64Array } from './sharedMemory';

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

/** What the other end of a message port receives for `value`. */
function posted<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<T>(resolve => {
    port2.once('message', message => {
      port1.close();
      port2.close();
      resolve(message);
    });
    port1.postMessage(value);
  });
}

describe('inSharedMemory', () => {
  it('copies every typed array, at any depth, into shared memory with its type and values', () => {
    const values = new Float64Array([1.5, NaN, 3]);
    const counts = new Uint32Array([7, 8]);
    const shared = inSharedMemory({
      nodes: [{ name: 'n1', values }],
      pods: [{ counts, labels: { team: 'recsys' } }],
      warnings: ['partial'],
    });
    const copied = shared.nodes[0].values;
    expect(copied).toBeInstanceOf(Float64Array);
    expect(tagOf(copied.buffer)).toBe('[object SharedArrayBuffer]');
    expect([...copied]).toEqual([1.5, NaN, 3]);
    expect(shared.pods[0].counts).toBeInstanceOf(Uint32Array);
    expect([...shared.pods[0].counts]).toEqual([7, 8]);
    expect(shared.pods[0].labels).toEqual({ team: 'recsys' });
    expect(shared.warnings).toEqual(['partial']);
    // The originals are left as they were.
    expect(tagOf(values.buffer)).toBe('[object ArrayBuffer]');
  });

  it('copies only the view, not the rest of its buffer', () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    const shared = inSharedMemory(whole.subarray(1, 3));
    expect([...shared]).toEqual([2, 3]);
    expect(shared.buffer.byteLength).toBe(16);
  });

  it('keeps arrays already in shared memory, and leaves other objects alone', () => {
    const already = sharedFloat64Array(3);
    const when = new Date(0);
    const result = inSharedMemory({ already, when });
    expect(result.already).toBe(already);
    expect(result.when).toBe(when);
  });

  it('hands the memory over when posted: the receiver sees later writes, so nothing was copied', async () => {
    const series = inSharedMemory({ values: new Float64Array([0, 0]) });
    const received = await posted(series);
    series.values[1] = 42;
    expect(received.values[1]).toBe(42);
    // An ordinary array arrives as a copy.
    const plain = { values: new Float64Array([0, 0]) };
    const copy = await posted(plain);
    plain.values[1] = 42;
    expect(copy.values[1]).toBe(0);
  });
});
