// Tagged JSON for values that cross between Node and the Python Durable Object facades in
// workerd (RPC arguments and results, storage values, SQL rows, WebSocket messages).
//
// JSON alone loses bytes, Dates, Maps, undefined and non-finite numbers; every value is
// therefore wrapped: plain JSON scalars stay as they are, everything else becomes a one-key
// object whose key starts with "$". The same two functions run in Node and (as source text,
// see FACADE_CODEC) inside workerd, so both sides agree by construction.

export function cfhEncode(v) {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (v === undefined) return { $u: 1 };
  if (typeof v === "number") return Number.isFinite(v) ? v : { $f: String(v) };
  if (typeof v === "bigint") return { $n: String(v) };
  const b64 = (u8) => {
    let s = "";
    for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
    return btoa(s);
  };
  if (v instanceof ArrayBuffer) return { $ab: b64(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) return { $b: b64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (v instanceof Date) return { $d: v.getTime() };
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [cfhEncode(k), cfhEncode(x)]) };
  if (v instanceof Set) return { $s: [...v].map(cfhEncode) };
  if (v instanceof Error) return { $e: [v.name, v.message] };
  if (Array.isArray(v)) return v.map(cfhEncode);
  if (typeof v === "object") return { $o: Object.entries(v).map(([k, x]) => [k, cfhEncode(x)]) };
  throw new TypeError(`cannot pass a ${typeof v} to or from a Python Durable Object offline`);
}

export function cfhDecode(v) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(cfhDecode);
  const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  if ("$u" in v) return undefined;
  if ("$f" in v) return Number(v.$f);
  if ("$n" in v) return BigInt(v.$n);
  if ("$ab" in v) return bytes(v.$ab).buffer;
  if ("$b" in v) return bytes(v.$b);
  if ("$d" in v) return new Date(v.$d);
  if ("$m" in v) return new Map(v.$m.map(([k, x]) => [cfhDecode(k), cfhDecode(x)]));
  if ("$s" in v) return new Set(v.$s.map(cfhDecode));
  if ("$e" in v) {
    const e = new Error(v.$e[1]);
    e.name = v.$e[0];
    return e;
  }
  return Object.fromEntries(v.$o.map(([k, x]) => [k, cfhDecode(x)]));
}

export const FACADE_CODEC = `${cfhEncode}\n${cfhDecode}\n`;
