// The **test double** of the Workers AI binding used by test_in_worker.py (not the service).
//
// Workers AI has no offline simulator (Miniflare: "Binding AI needs to be run remotely"). This JS
// Worker implements the binding's interface from workers-types -- ``run(model, inputs,
// options)``, ``models(params)``, ``toMarkdown(files, options)`` -- and answers with the output
// shapes of Cloudflare's model pages (llama text generation with usage, an SSE ReadableStream for
// ``stream: true``, bge embeddings ``{shape, data}``, a PNG ReadableStream for Stable Diffusion and
// base64 JSON for FLUX, whisper ``{text, word_count, words, vtt}``, m2m100, bart, resnet-50,
// distilbert-sst-2, detr-resnet-50). Its texts, scores and boxes are canned, not model output.
// It records every call (``calls()``, a double-only method) so tests can check the wire shape.
// Reached through a service binding, so values really cross the JS boundary and Miniflare's proxy.
import { WorkerEntrypoint } from "cloudflare:workers";
// TEST DOUBLE of the Workers AI binding: canned answers in the documented shapes.
const calls = [];
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
const fail = (code, msg) => { throw new Error(`AiError: ${code}: ${msg}`); };
const sse = (parts) => { const enc = new TextEncoder(); const text = parts.join("");
  // Split mid-event so the parser must join chunks.
  return new ReadableStream({ start(c) { for (let i = 0; i < text.length; i += 7)
    c.enqueue(enc.encode(text.slice(i, i + 7))); c.close(); } }); };
const MODELS = [
  { id: "429b9e8b-d99e-44de-91ad-706cf8183658", source: 1, name: "@cf/baai/bge-base-en-v1.5",
    description: "BAAI general embedding", tags: [],
    task: { id: "0137cdcf-162a-4108-94f2-1ca59e8c65ee", name: "Text Embeddings",
            description: "Feature extraction" },
    properties: [{ property_id: "max_input_tokens", value: "512" }] },
  { id: "e11d8f45-7b08-499a-9eeb-71d4d3c8cbe9", source: 1, name: "@cf/meta/llama-3.1-8b-instruct",
    description: "Llama 3.1 8B instruct", tags: ["beta"],
    task: { id: "c329a1f9-323d-4e91-b2aa-582dd4188d34", name: "Text Generation",
            description: "Generate text" },
    properties: [{ property_id: "context_window", value: "7968" }, { property_id: "beta", value: "true" }] },
];
function textGeneration(inputs) {
  if (!inputs.prompt && !(inputs.messages?.length)) fail(5006, "required properties: prompt or messages");
  const said = inputs.prompt ?? inputs.messages.at(-1).content;
  const usage = { prompt_tokens: said.length, completion_tokens: 3, total_tokens: said.length + 3 };
  if (inputs.stream) return sse([
    'data: {"response":"Hel","p":"abcd"}\n\n', 'data: {"response":"lo","p":"ab"}\r\n\r\n',
    ': keep-alive\n\n', `data: {"response":"","usage":${JSON.stringify(usage)}}\n\n`,
    "data: [DONE]\n\n", 'data: {"response":"after done"}\n\n']);
  if (inputs.tools) return { response: null, usage,
    tool_calls: [{ name: inputs.tools[0].name, arguments: { city: "Lisbon" } }] };
  if (inputs.response_format) return { response: { answer: said }, usage };
  return { response: `echo: ${said}`, usage };
}
export default class extends WorkerEntrypoint {
  async calls() { return calls; }
  async run(model, inputs, options) {
    calls.push({ model, inputs: model.includes("whisper") || inputs.image
      ? { ...inputs, audio: inputs.audio?.length, image: inputs.image?.length } : inputs,
      options: options ?? null });
    if (model.startsWith("@cf/meta/llama")) return textGeneration(inputs);
    switch (model) {
      case "@cf/baai/bge-base-en-v1.5": { const texts = [].concat(inputs.text);
        return { shape: [texts.length, 3], data: texts.map((t, i) => [t.length, i, -0.5]), pooling: "mean" }; }
      case "@cf/stabilityai/stable-diffusion-xl-base-1.0":
        return new ReadableStream({ start(c) { c.enqueue(PNG.slice(0, 8)); c.enqueue(PNG.slice(8)); c.close(); } });
      case "@cf/black-forest-labs/flux-1-schnell": return { image: b64(PNG) };
      case "@cf/lykon/dreamshaper-8-lcm": return PNG;
      case "@cf/openai/whisper":
        if (!Array.isArray(inputs.audio) || inputs.audio.some(b => b < 0 || b > 255)) fail(5006, "audio must be an array of uint8");
        return { text: `heard ${inputs.audio.length} bytes`, word_count: 3,
          words: [{ word: "heard", start: 0, end: 0.5 }, { word: String(inputs.audio.length), start: 0.5, end: 0.9 },
                  { word: "bytes", start: 0.9, end: 1.2 }],
          vtt: "WEBVTT\n\n00:00.000 --> 00:01.200\nheard\n" };
      case "@cf/openai/whisper-large-v3-turbo":
        if (typeof inputs.audio !== "string") fail(5006, "audio must be base64");
        return { text: `turbo ${atob(inputs.audio).length} bytes in ${inputs.language ?? "auto"}`,
          transcription_info: { language: inputs.language ?? "en" } };
      case "@cf/meta/m2m100-1.2b":
        if (!inputs.target_lang) fail(5006, "required properties: target_lang");
        return { translated_text: `[${inputs.source_lang ?? "auto"}->${inputs.target_lang}] ${inputs.text}` };
      case "@cf/facebook/bart-large-cnn":
        return { summary: inputs.input_text.slice(0, inputs.max_length ?? 20) };
      case "@cf/huggingface/distilbert-sst-2-int8":
        return [{ label: "NEGATIVE", score: 0.0003 }, { label: "POSITIVE", score: 0.9997 }];
      case "@cf/microsoft/resnet-50":
        if (!Array.isArray(inputs.image)) fail(5006, "image must be an array of uint8");
        return [{ label: "EGYPTIAN CAT", score: 0.89 }, { label: "TABBY", score: 0.07 }];
      case "@cf/facebook/detr-resnet-50":
        return [{ score: 0.99, label: "cat", box: { xmin: 10, ymin: 20, xmax: 110, ymax: 220 } },
                { score: 0.5, label: "remote" }];
      case "@cf/raw/echo": return { echoed: inputs, at: new Date(Date.UTC(2025, 0, 1)), bytes: new Uint8Array([1, 2]) };
      case "@cf/raw/json": return { json: JSON.stringify(inputs) };
      case "@cf/raw/stream": return sse(["data: one\n\n"]);
      case "@cf/bad/not-an-image": return { nope: true };
    }
    fail(5007, `No such model ${model} or task`);
  }
  async models(params) {
    calls.push({ models: params ?? null });
    return MODELS.filter(m => !params?.task || m.task.name === params.task)
      .filter(m => !params?.search || m.name.includes(params.search));
  }
  async toMarkdown(files, options) {
    // Receives {name, type, bytes} from the Blob adapter in the tests (Blobs cannot cross
    // Miniflare's Node proxy); the real binding receives {name, blob}.
    calls.push({ toMarkdown: files.length ?? 1, options: options ?? null });
    const one = (f, i) => f.type === "application/x-unknown"
      ? { id: `id-${i}`, name: f.name, mimeType: f.type, format: "error", error: "Unsupported file type" }
      : { id: `id-${i}`, name: f.name, mimeType: f.type || "text/plain", format: "markdown",
          tokens: f.bytes.length, data: `# ${f.name}\n\n${new TextDecoder().decode(f.bytes)}` };
    return Array.isArray(files) ? files.map(one) : one(files, 0);
  }
}
