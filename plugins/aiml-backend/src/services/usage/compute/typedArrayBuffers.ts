/**
 * The buffers under every typed array in a value (series, reports), each once: what a
 * worker moves instead of copying, and what a loaded window weighs.
 */
export function typedArrayBuffers(
  value: unknown,
  found = new Set<ArrayBuffer>(),
): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer as ArrayBuffer);
  } else if (Array.isArray(value)) {
    for (const item of value) typedArrayBuffers(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) typedArrayBuffers(item, found);
  }
  return found;
}

/** The bytes of the typed arrays in a value. */
export function typedArrayBytes(value: unknown): number {
  let bytes = 0;
  for (const buffer of typedArrayBuffers(value)) bytes += buffer.byteLength;
  return bytes;
}
