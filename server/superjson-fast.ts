import superjson, { type SuperJSONResult } from 'superjson';

/**
 * superjson's own format, written faster for the values Parley sends most:
 * plain objects and arrays of strings, finite numbers, booleans, null,
 * undefined and Dates (messages and events, thousands a second). superjson's
 * generic walker copies the path and ancestor arrays at every node, which
 * made it the largest source of garbage per chat message; this walk
 * allocates only the copy it returns. Anything else (Map, Set, BigInt,
 * class instances, NaN, -0, an invalid Date, a suspicious key, very deep
 * nesting) goes to superjson itself, so the output is always superjson's:
 * every client keeps deserialising with superjson. What is left out is
 * superjson's record of one object appearing twice in a value; the copy
 * then holds it twice, equal.
 */

type TAnnotation = 'Date' | 'undefined';

class Bail extends Error {}
const bail = new Bail();

/** Deeper than this, superjson (which also handles cycles) takes over. */
const MAX_DEPTH = 64;

const escapeKey = (key: string) => key.replace(/\\/g, '\\\\').replace(/\./g, '\\.');

export function serialize(value: unknown): SuperJSONResult {
  // The keys from the root to the node being copied; a path string is built only for an annotation.
  const keys: string[] = [];
  let values: Record<string, [TAnnotation]> | [TAnnotation] | undefined;
  const annotate = (annotation: TAnnotation) => {
    if (keys.length === 0) values = [annotation];
    else ((values ??= {}) as Record<string, [TAnnotation]>)[keys.map(escapeKey).join('.')] = [annotation];
  };

  const copy = (node: unknown, depth: number): unknown => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return node;
      case 'number':
        if (Number.isFinite(node) && !Object.is(node, -0)) return node;
        throw bail;
      case 'undefined':
        annotate('undefined');
        return null;
      case 'object': {
        if (node === null) return null;
        if (depth > MAX_DEPTH) throw bail;
        if (Array.isArray(node)) {
          const out: unknown[] = new Array(node.length);
          for (let i = 0; i < node.length; i++) {
            keys.push(String(i));
            out[i] = copy(node[i], depth + 1);
            keys.pop();
          }
          return out;
        }
        if (node instanceof Date) {
          const time = node.getTime();
          if (Number.isNaN(time)) throw bail;
          annotate('Date');
          return node.toISOString();
        }
        const prototype = Object.getPrototypeOf(node);
        if (prototype !== Object.prototype && prototype !== null) throw bail;
        const record = node as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const key in record) {
          // superjson refuses these (prototype pollution); let it say so.
          if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw bail;
          keys.push(key);
          out[key] = copy(record[key], depth + 1);
          keys.pop();
        }
        return out;
      }
      default:
        throw bail;
    }
  };

  try {
    const json = copy(value, 0) as SuperJSONResult['json'];
    return values ? { json, meta: { values, v: 1 } as SuperJSONResult['meta'] } : { json };
  } catch (error) {
    if (error === bail) return superjson.serialize(value);
    throw error;
  }
}

/**
 * superjson.deserialize for a payload that was just parsed from JSON and
 * belongs to nobody else: annotations are applied in place instead of on a
 * deep copy, and a payload without any is returned as it is.
 */
export function deserialize<T>(payload: SuperJSONResult): T {
  if (!payload.meta) return payload.json as T;
  return superjson.deserialize<T>(payload, { inPlace: true });
}
