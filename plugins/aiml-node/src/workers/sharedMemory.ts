type TypedArray = Exclude<ArrayBufferView, DataView>;

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

const isTypedArray = (value: unknown): value is TypedArray =>
  ArrayBuffer.isView(value) && !(value instanceof DataView);

/**
 * `value` with every typed array in it (in arrays and plain objects, at any depth)
 * copied into a SharedArrayBuffer; arrays already there are kept. Posting the result
 * between threads then hands over the memory instead of copying it: series loaded once
 * go to the usage workers for every report computed from them at no cost to the
 * event loop, which would otherwise copy them each time.
 *
 * @public
 */
export function inSharedMemory<T>(value: T): T {
  if (isTypedArray(value)) {
    // By tag, not instanceof: true of a buffer made in another realm too.
    if (tagOf(value.buffer) === '[object SharedArrayBuffer]') return value;
    const Kind = value.constructor as new (
      buffer: SharedArrayBuffer,
    ) => TypedArray;
    const shared = new SharedArrayBuffer(value.byteLength);
    new Uint8Array(shared).set(
      new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    );
    return new Kind(shared) as T;
  }
  if (Array.isArray(value)) return value.map(inSharedMemory) as T;
  if (
    value &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, inSharedMemory(v)]),
    ) as T;
  }
  return value;
}

/**
 * A Float64Array of `length` zeros in a SharedArrayBuffer (see {@link inSharedMemory}).
 *
 * @public
 */
export function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}
