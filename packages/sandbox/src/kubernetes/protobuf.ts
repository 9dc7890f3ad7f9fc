/**
 * Decoding of the protobuf bodies kubectl sends for the review kinds
 * (`application/vnd.kubernetes.protobuf`: kubectl 1.33 posts
 * SelfSubjectRulesReview and SelfSubjectAccessReview that way). Only the spec
 * fields of those kinds are read; the answer is JSON, which kubectl also accepts.
 */
import { statusErrors } from './status';

/** The 4-byte prefix of Kubernetes protobuf bodies (`k8s\0`). */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Buffer[]>;

/** Reads the length-delimited fields (wire type 2) of a message; skips varints and fixed widths. */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated field');
      const list = out.get(field) ?? [];
      list.push(buf.subarray(i, i + len));
      out.set(field, list);
      i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const str = (f: Fields, n: number) => f.get(n)?.[0]?.toString('utf8');
const msg = (f: Fields, n: number) => {
  const b = f.get(n)?.[0];
  return b ? fields(b) : undefined;
};

function strings(f: Fields | undefined, names: Record<number, string>) {
  const out: Record<string, string> = {};
  if (!f) return out;
  for (const [n, name] of Object.entries(names)) {
    const v = str(f, Number(n));
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * Decodes a protobuf review body into the JSON shape the review handlers read
 * (`{apiVersion, kind, spec}`); 400 when it is not a Kubernetes protobuf body.
 */
export function decodeReviewProtobuf(body: Buffer, kind: string): unknown {
  try {
    if (!body.subarray(0, 4).equals(MAGIC)) throw new Error('missing magic');
    // runtime.Unknown: typeMeta = 1, raw = 2.
    const unknown = fields(body.subarray(4));
    const typeMeta = strings(msg(unknown, 1), { 1: 'apiVersion', 2: 'kind' });
    const object = fields(unknown.get(2)?.[0] ?? Buffer.alloc(0));
    // The reviews: metadata = 1, spec = 2.
    const spec = msg(object, 2);
    let decoded: Record<string, unknown> = {};
    if (kind === 'SelfSubjectRulesReview') {
      decoded = strings(spec, { 1: 'namespace' });
    } else if (kind === 'SelfSubjectAccessReview' && spec) {
      const ra = msg(spec, 1);
      const nra = msg(spec, 2);
      if (ra) {
        decoded.resourceAttributes = strings(ra, {
          1: 'namespace',
          2: 'verb',
          3: 'group',
          4: 'version',
          5: 'resource',
          6: 'subresource',
          7: 'name',
        });
      }
      if (nra)
        decoded.nonResourceAttributes = strings(nra, { 1: 'path', 2: 'verb' });
    }
    return { ...typeMeta, spec: decoded };
  } catch (e) {
    throw statusErrors.badRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
}
