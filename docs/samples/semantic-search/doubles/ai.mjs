// TEST DOUBLE of the Workers AI binding for the semantic-search sample -- not the service.
//
// Workers AI has no local simulator. This Worker implements the binding's `run(model, inputs)`
// for the one embedding model the sample uses and answers in its documented shape
// `{shape: [n, 384], data: [[...]], pooling}`. The vectors are NOT model output: each is a hashed
// bag of words (lower-cased words, a crude plural/-ing strip, common words dropped), normalised,
// so texts that share words are close. That is enough to exercise ingest and query end to end;
// it knows nothing of synonyms or meaning.
import { WorkerEntrypoint } from "cloudflare:workers";

const MODEL = "@cf/baai/bge-small-en-v1.5";
const DIMS = 384; // bge-small-en-v1.5's output size
const COMMON = new Set(["a", "an", "and", "are", "can", "do", "for", "how", "i", "in", "is", "it",
  "my", "of", "on", "the", "to", "what", "with", "you", "your"]);

function bucket(word) {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return (h >>> 0) % DIMS;
}

function embed(text) {
  const v = new Array(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (!COMMON.has(word)) v[bucket(word.replace(/(ing|es|s)$/, ""))] += 1;
  }
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v;
}

export default class extends WorkerEntrypoint {
  async run(model, inputs) {
    if (model !== MODEL) throw new Error(`AiError: 5007: No such model ${model} (test double)`);
    const texts = [].concat(inputs.text);
    return { shape: [texts.length, DIMS], data: texts.map(embed), pooling: "mean" };
  }
}
