// Queue bodies cross from workerd to Node as JSON. A `v8` body is a structured clone (Date,
// ArrayBuffer, typed arrays, Map, Set, BigInt, undefined, NaN, ...), so it is tagged on the way
// out and rebuilt on the way in: the Python consumer then sees what Pyodide would give it in a
// real Worker, not a JSON approximation (a Date as a string, bytes as {"0": 0, ...}).
//
// Tagged values are {"__cfh": kind, ...}; a plain object that itself has a "__cfh" key is
// wrapped as kind "object" so it is never mistaken for a tag.

// Runs inside workerd too: the shim embeds its source, so it must stay self-contained.
export function encodeClone(value) {
  const b64 = (u8) => { let s = ""; for (const c of u8) s += String.fromCharCode(c); return btoa(s); };
  const stack = new Set();
  const enc = (v) => {
    if (v === undefined) return { __cfh: "undefined" };
    if (typeof v === "number") {
      if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return { __cfh: "number", v: String(Object.is(v, -0) ? "-0" : v) };
      return v;
    }
    if (typeof v === "bigint") return { __cfh: "bigint", v: v.toString() };
    if (v === null || typeof v !== "object") return v;
    if (stack.has(v)) throw new Error("the harness cannot deliver a queue body that contains itself");
    const tag = Object.prototype.toString.call(v);
    if (tag === "[object Date]") return { __cfh: "date", v: v.getTime() };
    if (tag === "[object ArrayBuffer]") return { __cfh: "arraybuffer", v: b64(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) {
      const t = tag === "[object DataView]" ? "DataView" : tag.slice(8, -1);
      return { __cfh: "view", t, v: b64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    if (tag === "[object RegExp]") return { __cfh: "regexp", source: v.source, flags: v.flags };
    if (v instanceof Error) return { __cfh: "error", name: v.name, message: v.message, stack: v.stack ?? "" };
    stack.add(v);
    try {
      if (tag === "[object Map]") return { __cfh: "map", v: [...v.entries()].map(([k, x]) => [enc(k), enc(x)]) };
      if (tag === "[object Set]") return { __cfh: "set", v: [...v].map(enc) };
      if (Array.isArray(v)) return Array.from(v, enc);
      const entries = Object.entries(v).map(([k, x]) => [k, enc(x)]);
      if (Object.hasOwn(v, "__cfh")) return { __cfh: "object", v: entries };
      return Object.fromEntries(entries);
    } finally {
      stack.delete(v);
    }
  };
  return enc(value);
}

// Node side: rebuild the JS value (plain Uint8Arrays, never Buffers: Pyodide refuses those).
export function decodeClone(value) {
  if (Array.isArray(value)) return value.map(decodeClone);
  if (value === null || typeof value !== "object") return value;
  if (!Object.hasOwn(value, "__cfh")) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, decodeClone(x)]));
  }
  const bytes = (s) => { const b = Buffer.from(s, "base64"); return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
  switch (value.__cfh) {
    case "undefined": return undefined;
    case "number": return value.v === "-0" ? -0 : Number(value.v);
    case "bigint": return BigInt(value.v);
    case "date": return new Date(value.v ?? NaN);
    case "arraybuffer": return bytes(value.v).buffer;
    case "view": {
      const buffer = bytes(value.v).buffer;
      if (value.t === "DataView") return new DataView(buffer);
      const Ctor = globalThis[value.t];
      return new Ctor(buffer, 0, buffer.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    case "regexp": return new RegExp(value.source, value.flags);
    case "error": { const e = new Error(value.message); e.name = value.name; e.stack = value.stack; return e; }
    case "map": return new Map(value.v.map(([k, x]) => [decodeClone(k), decodeClone(x)]));
    case "set": return new Set(value.v.map(decodeClone));
    case "object": return Object.fromEntries(value.v.map(([k, x]) => [k, decodeClone(x)]));
    default: throw new Error("unknown harness clone tag " + JSON.stringify(value.__cfh));
  }
}
