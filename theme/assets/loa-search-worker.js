/* The search page's worker: one search engine (loa-search-engine.js), asked by messages {id, method,
 * args} from loa-search.js and answering {id, ok, value | error}; the first message, "init", brings the
 * page's config.
 */
// Pagefind's script and the engine's modules start downloading together, not one after the other
// (the engine imports the words module and then Pagefind): on a slow link each step of the chain
// (scripts, Pagefind's entry, metadata, index chunk, fragments) costs a round trip. The engine imports
// them again from the module map, and reports a failure.
for (const module of ["../pagefind/pagefind.js", "./loa-search-words.js"]) import(module).catch(() => {});

const waiting = [];
let receive = (data) => waiting.push(data);
self.addEventListener("message", ({ data }) => receive(data));

// A failed import fails this worker's start, and the page runs the engine itself (or says it cannot).
const { createEngine } = await import("./loa-search-engine.js");
let engine = null;
receive = async (data) => {
  if (data.method === "init") {
    engine = createEngine(data.args[0]);
    engine.load().catch(() => {}); // Pagefind loads before the first query; a query that finds it failed says so
    return;
  }
  try {
    self.postMessage({ id: data.id, ok: true, value: await engine[data.method](...data.args) });
  } catch (error) {
    self.postMessage({ id: data.id, ok: false, error: String(error) });
  }
};
waiting.splice(0).forEach(receive);
