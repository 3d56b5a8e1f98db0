/* Search page (/tim-kiem/): Pagefind, asked for whole Vietnamese syllables, re-ranked for questions.
 *
 * Pagefind 1.5 matches every query word as a prefix ("tin" finds "tỉnh", "gia" finds "Giang"). Here
 * each word is looked up on its own as a quoted term, which Pagefind matches whole, tone marks folded;
 * only the word still being typed, when it cannot be a whole syllable, is a prefix. Candidates are
 * ordered by the query's weight they hold, its pairs and the whole query side by side (quoted phrase
 * lookups), Pagefind's BM25 score and the page's kind (the "Loại" filter); the first page of them again
 * by their fragments: the title (a citizen's question) holding the words in order. A word that
 * matches nothing is corrected from the site's vocabulary (tim-kiem/tu-vung.json, built from the
 * public pages) and the abbreviations of content/danh-muc/tim-kiem.yml; the page says so.
 */
const PAGE_SIZE = 10;
// Candidates whose fragment is fetched to rank them by title. Each is a request (1–8 KB gzip'd), so
// only the first page's worth, which is fetched to show it anyway; the order before that, from
// lookups and filters alone, costs no fragment (scripts/search_quality.py holds it to the judged set).
const RERANK = PAGE_SIZE;
const EXACT_PARAM = "dung-nhu-go";
// A word on this many pages or fewer may be a misspelling that happens to be a word ("sanh" for "xanh").
const RARE = 5;
const config = JSON.parse(document.getElementById("loa-search-config").textContent);
const root = document.querySelector("[data-loa-search]");
const form = root.querySelector("form");
const input = root.querySelector("#loa-q");
const status = root.querySelector("[data-loa-status]");
const note = root.querySelector("[data-loa-note]");
const list = root.querySelector("[data-loa-results]");
const more = root.querySelector("[data-loa-more]");
const filterBox = root.querySelector("[data-loa-filters]");
const fallback = root.querySelector("[data-loa-fallback]");
const FILTER_LABELS = { place: "Địa bàn" };
const KIND_FILTER = "Loại";
const FILTER_ORDER = ["Loại", "place", "Đối tượng", "Chủ đề", "Cơ quan ban hành", "Năm"];
// Longest first, so "phải làm gì" goes before "làm gì" and "gì".
const questionWords = config.question_words.map((q) => words(q)).sort((a, b) => b.length - a.length);
const abbreviations = new Map(Object.entries(config.abbreviations || {}).map(([k, v]) => [k.normalize("NFC").toLowerCase(), v]));
// A folded Vietnamese syllable: an initial consonant, then one of the language's rhymes.
const SYLLABLE = new RegExp("^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(a|ac|ach|ai|am|an|ang|anh|ao|ap|at|au|ay|" +
  "e|ec|em|en|eng|eo|ep|et|eu|i|ia|ich|iec|iem|ien|ieng|iep|iet|ieu|im|in|inh|ip|it|iu|o|oa|oac|oach|oai|oam|oan|oang|" +
  "oanh|oao|oap|oat|oay|oc|oe|oec|oen|oeo|oet|oi|om|on|ong|oo|ooc|oong|op|ot|u|ua|uan|uang|uanh|uat|uay|uc|ue|uech|uen|" +
  "uenh|uet|ui|um|un|ung|uo|uoc|uoi|uom|uon|uong|uop|uot|uou|up|ut|uu|uy|uya|uyen|uyet|uynh|uych|uyt|uyu|y|yem|yen|yet|yeu)$");

// Words that make a query a question wherever they stand ("ai phụ trách …", "vì sao nên …").
const INTERROGATIVES = new Set(["ai", "gi", "sao", "nao", "dau", "khong", "chua", "nhieu", "may", "nen"]);

// Synonym groups of tim-kiem.yml as folded syllables, longest first: titles and queries are compared
// with every variant read as the group's first ("vaccine" as "vắc xin").
const synonyms = (config.synonyms || []).flatMap((g) => g.map((v) => ({ from: words(v).map(fold), to: words(g[0]).map(fold) })))
  .sort((a, b) => b.from.length - a.from.length);

let pagefindLoad = null;
let vocabularyLoad = null;
let totalPages = null;
let filterSets = null; // filter name -> value -> Set of page ids, once the filter panel is open
let generation = 0;
const lookups = new Map();

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

/* The syllables of a text, NFC; "Covid-19" gives "Covid" and "19" as Pagefind indexes its parts. */
function words(text) {
  return text.normalize("NFC").match(/[\p{L}\p{N}]+/gu) || [];
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/* Drop question words from the end ("tiem vac xin o dau" -> "tiem vac xin") while a word is left;
 * a query that had them, or that is a whole sentence, is a question. */
function parseQuery(query, asTyped) {
  const changed = new Set();
  // Abbreviations first ("vung do co dc ra ngoai ko"): a spelt-out "không" is then a question word.
  const ws = words(query).flatMap((w) => {
    const full = asTyped ? null : abbreviations.get(w.toLowerCase()) || abbreviations.get(fold(w));
    if (!full) return [w];
    const parts = words(full);
    parts.forEach((p) => changed.add(p));
    return parts;
  });
  let end = ws.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const phrase of questionWords) {
      if (end - phrase.length < 1) continue;
      if (ws.slice(end - phrase.length, end).every((w, i) => fold(w) === fold(phrase[i]))) {
        end -= phrase.length;
        changed = true;
        break;
      }
    }
  }
  const asks = ws.slice(0, end).some((w) => INTERROGATIVES.has(fold(w)));
  return { words: ws.slice(0, end), asked: ws.slice(end).map(fold), changed, question: end < ws.length || asks || /\?\s*$/.test(query) };
}

function loadPagefind() {
  if (!pagefindLoad) {
    pagefindLoad = (async () => {
      const pf = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
      // noWorker: search in this thread and skip fetching Pagefind's 40 KB worker script; a query
      // takes milliseconds, and on a slow link the bytes are what the reader waits for.
      // metaWeights: a title (or a document's number and issuer) holding the words weighs most in
      // Pagefind's own score, which orders the candidates before their fragments are fetched; the
      // kind and review-date lines are on every page, so they weigh nothing.
      await pf.options({ excerptLength: 0, noWorker: true, ranking: { metaWeights: { title: 5, doc: 5, kind: 0, date: 0 } } });
      await pf.init();
      return pf;
    })();
    pagefindLoad.catch(() => { pagefindLoad = null; }); // the next query tries again
  }
  return pagefindLoad;
}

function loadVocabulary() {
  if (!vocabularyLoad) {
    vocabularyLoad = fetch(new URL(config.vocabulary, location.href)).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    }).then((v) => {
      const syllables = v.syllables.split(" ");
      return { rank: new Map(syllables.map((s, i) => [fold(s), i]).reverse()), spelling: new Map(syllables.map((s) => [fold(s), s])),
               pairs: new Set(v.pairs.split(",")) };
    });
    vocabularyLoad.catch(() => { vocabularyLoad = null; });
  }
  return vocabularyLoad;
}

/* Pages holding a folded word or phrase, whole (quoted: Pagefind matches it exactly, tone marks folded,
 * side by side for a phrase) or as a prefix: page id -> {result, first position}. */
function lookup(pf, text, prefix) {
  const key = (prefix ? "~" : "=") + text;
  if (!lookups.has(key)) {
    const found = pf.search(prefix ? text : `"${text}"`).then((res) => new Map(res.results.map((r) => [r.id, { r, at: [...r.words].sort((a, b) => a - b) }])));
    found.catch(() => lookups.delete(key));
    lookups.set(key, found);
  }
  return lookups.get(key);
}

/* Pagefind folds tone marks but not đ: "đài" is indexed "đai". The index also holds every đ-word
 * folded ("dai", loa/text/search.py), but apart from its neighbours, so a "d" typed is looked up
 * both ways, and a phrase in each spelling (at most eight). */
function spellings(ws) {
  let combos = [[]];
  for (const w of ws) {
    const f = fold(w);
    const alts = f.startsWith("d") ? [f, "đ" + f.slice(1)] : [f];
    combos = combos.flatMap((c) => alts.map((a) => [...c, a])).slice(0, 8);
  }
  return combos.map((c) => c.join(" "));
}

async function find(pf, ws, prefix = false) {
  const maps = await Promise.all(spellings(ws).map((t) => lookup(pf, t, prefix)));
  if (maps.length === 1) return maps[0];
  const out = new Map();
  for (const m of maps) {
    for (const [id, v] of m) if (!out.has(id) || v.at[0] < out.get(id).at[0]) out.set(id, v);
  }
  return out;
}

function intersect(maps) {
  if (!maps.length) return [];
  return [...maps[0].keys()].filter((id) => maps.every((m) => m.has(id)));
}

/* How rare a word is: pages holding it against all pages (BM25's inverse document frequency). */
function rarity(m) {
  return Math.log(1 + (totalPages - m.size + 0.5) / (m.size + 0.5));
}

/* Pages that answer the words: for one or two words, every word; a question of three words or more
 * may miss a few of its commonest words ("vì sao nên đi tiêm vắc xin": the answer need not say "đi"),
 * at most one in three, and never words that carry more than a third of the query's weight. */
function matching(maps) {
  if (maps.length < 3) return intersect(maps);
  const idf = maps.map(rarity);
  const total = idf.reduce((a, b) => a + b, 0);
  const allowed = Math.floor(maps.length / 3);
  const ids = new Set(maps.flatMap((m) => [...m.keys()]));
  return [...ids].filter((id) => {
    const missing = maps.map((m, k) => (m.has(id) ? 0 : idf[k])).filter((x) => x > 0);
    return missing.length <= allowed && missing.reduce((a, b) => a + b, 0) <= total / 3;
  });
}

/* Spelling variants of a folded word that Vietnamese readers confuse, cheapest first. */
function variants(f) {
  const out = [];
  const swap = (a, b) => { if (f.startsWith(a)) out.push(b + f.slice(a.length)); };
  for (const [a, b] of [["d", "gi"], ["gi", "d"], ["d", "r"], ["r", "d"], ["gi", "r"], ["r", "gi"], ["s", "x"], ["x", "s"],
    ["ch", "tr"], ["tr", "ch"], ["n", "l"], ["l", "n"], ["c", "k"], ["k", "c"], ["gh", "g"], ["g", "gh"], ["ngh", "ng"], ["ng", "ngh"]]) swap(a, b);
  for (const [a, b] of [["ng", "n"], ["n", "ng"], ["c", "t"], ["t", "c"], ["nh", "n"], ["ch", "t"]]) {
    if (f.endsWith(a)) out.push(f.slice(0, -a.length) + b);
  }
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "i") out.push(f.slice(0, i) + "y" + f.slice(i + 1));
    if (f[i] === "y") out.push(f.slice(0, i) + "i" + f.slice(i + 1));
    if (i && f[i] === f[i - 1]) out.push(f.slice(0, i) + f.slice(i + 1)); // a doubled letter
  }
  return out;
}

function edits(f) {
  const letters = "abcdeghiklmnopqrstuvxy";
  const out = [];
  for (let i = 0; i <= f.length; i++) {
    for (const c of letters) out.push(f.slice(0, i) + c + f.slice(i)); // a letter missing
    if (i < f.length && f.length >= 3) out.push(f.slice(0, i) + f.slice(i + 1)); // a letter too many
    if (f.length >= 4 && i < f.length) {
      for (const c of letters) if (c !== f[i]) out.push(f.slice(0, i) + c + f.slice(i + 1));
      if (i + 1 < f.length) out.push(f.slice(0, i) + f[i + 1] + f[i] + f.slice(i + 2));
    }
  }
  return out;
}

/* Corrections for words[i], best first, each a list of replacement words: known confusions, then a
 * split ("tiemvacxin" is rare, "vacxin" is indexed), then one edit; a neighbour that forms a known
 * two-syllable word with a candidate, and a more frequent candidate, go first. */
function corrections(vocab, ws, i) {
  const f = fold(ws[i]);
  const prev = i > 0 ? fold(ws[i - 1]) : null;
  const next = i + 1 < ws.length ? fold(ws[i + 1]) : null;
  const seen = new Set([f]);
  const found = [];
  const add = (parts, cost) => {
    const key = parts.join(" ");
    if (seen.has(key) || !parts.every((p) => vocab.rank.has(p))) return;
    seen.add(key);
    const context = (prev && vocab.pairs.has(`${prev} ${parts[0]}`) ? 1 : 0) + (next && vocab.pairs.has(`${parts[parts.length - 1]} ${next}`) ? 1 : 0);
    found.push({ parts, score: cost - 0.8 * context + vocab.rank.get(parts[0]) / 1e5 });
  };
  for (const v of variants(f)) add([v], 1);
  for (let k = 1; k < f.length; k++) {
    const parts = [f.slice(0, k), f.slice(k)];
    add(parts, vocab.pairs.has(parts.join(" ")) ? 1 : 2.5);
  }
  for (const v of edits(f)) add([v], 2);
  return found.sort((a, b) => a.score - b.score).slice(0, 8).map((c) => c.parts.map((p) => vocab.spelling.get(p) || p));
}

/* The words to search for (abbreviations are already spelt out): a word that matches nothing is
 * corrected, and when the words find almost nothing, a rare word is corrected if that finds more
 * (up to three corrections); then settle(). */
async function resolve(pf, parsed, typing, asTyped) {
  const ws = parsed.words.slice();
  const changed = new Set(parsed.changed);
  const prefixAt = typing && ws.length && !SYLLABLE.test(fold(ws[ws.length - 1])) && !/^\d+$/.test(ws[ws.length - 1]) ? ws.length - 1 : -1;
  const prefixWord = prefixAt >= 0 ? ws[prefixAt] : null;
  const look = (list) => Promise.all(list.map((w) => find(pf, [w], w === prefixWord)));
  let maps = await look(ws);
  // Letters and digits typed together ("tongdai1022", "covid19") are indexed apart: split a word
  // that matches nothing into its runs, which the rounds below may correct further.
  if (!asTyped && ws.some((w, i) => !maps[i].size && w !== prefixWord && /\p{L}\p{N}|\p{N}\p{L}/u.test(w))) {
    const split = ws.flatMap((w, i) => (!maps[i].size && w !== prefixWord ? w.match(/\p{L}+|\p{N}+/gu) : [w]));
    split.filter((w) => !ws.includes(w)).forEach((w) => changed.add(w));
    ws.splice(0, ws.length, ...split);
    maps = await look(ws);
  }
  let vocab;
  for (let round = 0; round < 3 && !asTyped; round++) {
    const count = matching(maps).length;
    // Few pages for several words: a misspelling that is itself a rare word ("vung sanh" for "vùng xanh").
    const thin = ws.length >= 2 && count <= 2;
    if (maps.every((m) => m.size) && !thin) break;
    if (vocab === undefined) vocab = await loadVocabulary().catch(() => null); // without it, words are only dropped
    if (!vocab) break;
    const order = ws.map((_, i) => i).filter((i) => ws[i] !== prefixWord && maps[i].size <= RARE).sort((a, b) => maps[a].size - maps[b].size);
    let fixed = false;
    for (const i of order) {
      // Two neighbours the vocabulary knows joined ("vac xin" may be indexed "vacxin").
      if (!maps[i].size && i + 1 < ws.length && vocab.rank.has(fold(ws[i] + ws[i + 1]))) {
        const joined = vocab.spelling.get(fold(ws[i] + ws[i + 1]));
        const m = await find(pf, [joined]);
        if (m.size) {
          ws.splice(i, 2, joined);
          maps.splice(i, 2, m);
          changed.add(joined);
          fixed = true;
          break;
        }
      }
      let best = null;
      for (const parts of corrections(vocab, ws, i)) {
        const ms = await look(parts);
        if (ms.some((m) => !m.size)) continue;
        const n = matching([...maps.slice(0, i), ...ms, ...maps.slice(i + 1)]).length;
        if (!maps[i].size) { // a word that matches nothing: the first correction that meets the others, else the first known
          if (n) { best = { parts, ms }; break; }
          best = best || { parts, ms };
        } else if (n > count) { // a rare word: only a correction that finds more
          best = { parts, ms };
          break;
        }
      }
      if (best) {
        ws.splice(i, 1, ...best.parts);
        maps.splice(i, 1, ...best.ms);
        best.parts.forEach((p) => changed.add(p));
        fixed = true;
        break;
      }
    }
    if (!fixed) break;
  }
  if (!asTyped) await neighbours(pf, ws, maps, changed, prefixWord);
  return settle(ws, maps, changed, prefixWord);
}

/* A real word typed for another ("chon cach ly" for "trốn cách ly", "su ly" for "xử lý") matches
 * pages, so only its neighbour gives it away: two words that stand side by side on no page, where
 * a common confusion of one of them (variants()) does, on the most pages. Pagefind answers from the
 * index chunks the words already loaded (two for this site), so this costs no download, unlike the
 * vocabulary. Numbers and the word being typed are left alone. */
async function neighbours(pf, ws, maps, changed, prefixWord) {
  for (let i = 0; i + 1 < ws.length; i++) {
    const a = fold(ws[i]);
    const b = fold(ws[i + 1]);
    if (ws[i] === prefixWord || ws[i + 1] === prefixWord || /\d/.test(a + b) || !maps[i].size || !maps[i + 1].size) continue;
    if ((await find(pf, [a, b])).size) continue;
    let best = null;
    for (const [k, pair] of [...variants(a).map((v) => [i, [v, b]]), ...variants(b).map((v) => [i + 1, [a, v]])]) {
      const n = (await find(pf, pair)).size;
      if (n && (!best || n > best.n)) best = { k, w: pair[k - i], n };
    }
    if (!best) continue;
    ws[best.k] = best.w;
    maps[best.k] = await find(pf, [best.w]);
    changed.add(best.w);
  }
}

/* The words that find something: when they never meet, those that match nothing are dropped, then the last ones. */
function settle(ws, maps, changed, prefixWord) {
  let used = ws.map((w, i) => ({ w, m: maps[i] }));
  const dropped = [];
  if (!matching(used.map((u) => u.m)).length && used.length > 1) {
    dropped.push(...used.filter((u) => !u.m.size).map((u) => u.w));
    used = used.filter((u) => u.m.size);
    while (used.length > 1 && !matching(used.map((u) => u.m)).length) dropped.unshift(used.pop().w);
  }
  const prefix = prefixWord !== null && used.length > 0 && used[used.length - 1].w === prefixWord;
  return { used: used.map((u) => u.w), maps: used.map((u) => u.m), dropped, changed, prefix };
}

/* Where the words stand on a page. Pagefind gives an exact term only its first position, so the
 * pairs and the whole query are looked up as quoted phrases too (Pagefind matches those side by
 * side); how often and how prominently the words occur is Pagefind's own BM25 score of the query. */
async function evidence(pf, used, maps) {
  const pairs = used.length > 1 ? await Promise.all(used.slice(1).map((w, k) => find(pf, [used[k], w]))) : [];
  const phrase = used.length > 2 ? await find(pf, used) : pairs[0] || null;
  const bm25 = new Map();
  if (used.length) {
    const res = await pf.search(used.map(fold).join(" "));
    const top = Math.max(1e-9, ...res.results.map((r) => r.score));
    for (const r of res.results) bm25.set(r.id, r.score / top);
  }
  const idf = maps.map(rarity);
  const total = idf.reduce((a, b) => a + b, 0) || 1;
  return (id) => ({
    cover: maps.reduce((s, m, k) => s + (m.has(id) ? idf[k] : 0), 0) / total,
    phrase: Boolean(phrase && phrase.has(id)),
    pairs: pairs.length ? pairs.filter((m) => m.has(id)).length / pairs.length : 0,
    top: maps.every((m) => !m.has(id) || m.get(id).at[0] < 25),
    often: bm25.get(id) || 0,
  });
}

function canonical(tokens) {
  const out = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = synonyms.find((s) => s.from.length && s.from.every((f, k) => tokens[i + k] === f));
    if (hit) {
      out.push(...hit.to);
      i += hit.from.length;
    } else {
      out.push(tokens[i++]);
    }
  }
  return out;
}

/* The query's words with synonyms read as in canonical(); a replaced run shares its rarity. */
function canonicalQuery(qs) {
  const out = [];
  for (let i = 0; i < qs.length; ) {
    const hit = qs[i].prefix ? null : synonyms.find((s) => s.from.length && s.from.every((f, k) => qs[i + k] && !qs[i + k].prefix && qs[i + k].f === f));
    if (hit) {
      const idf = qs.slice(i, i + hit.from.length).reduce((a, q) => a + q.idf, 0) / hit.to.length;
      out.push(...hit.to.map((f) => ({ f, prefix: false, idf })));
      i += hit.from.length;
    } else {
      out.push(qs[i++]);
    }
  }
  return out;
}

function inOrder(title, qs, contiguous) {
  for (let s = 0; s < title.length; s++) {
    let k = 0;
    for (let t = s; t < title.length && k < qs.length; t++) {
      if (title[t] === qs[k].f || (qs[k].prefix && title[t].startsWith(qs[k].f))) k++;
      else if (contiguous) break;
    }
    if (k === qs.length) return true;
  }
  return false;
}

/* The final order: the title (a citizen's question) holding the words, in order, side by side, then
 * the words side by side in the text, then the kind of page for a question, then accents as typed. */
function finalScore(c, d, qs, parsed) {
  // A document is also known by its number and issuer ("kế hoạch 43 của thành ủy lai châu").
  const title = canonical(words(`${d.meta.title || ""} ${d.meta.doc || ""}`).map(fold));
  const matches = (t, q) => t === q.f || (q.prefix && t.startsWith(q.f));
  const total = qs.reduce((a, q) => a + q.idf, 0) || 1;
  const inTitle = qs.filter((q) => title.some((t) => matches(t, q)));
  const hits = inTitle.reduce((a, q) => a + q.idf, 0) / total;
  const precision = title.length ? title.filter((t) => qs.some((q) => matches(t, q))).length / title.length : 0;
  const answer = config.answer_rank[d.meta.kind] ?? 0.5;
  const accented = parsed.words.filter((w) => fold(w) !== w.toLowerCase());
  const text = d.content.toLowerCase();
  const accent = accented.length ? accented.filter((w) => text.includes(w.toLowerCase())).length / accented.length : 0;
  const ordered = inTitle.length > 1 && hits >= 0.6 ? (inOrder(title, inTitle, false) ? 3 : 0) + (inOrder(title, inTitle, true) ? 3 : 0) : 0;
  // The title opens with the query ("kế hoạch" -> "Kế hoạch đẩy mạnh …"): the page is about it.
  const opens = hits === 1 && qs.every((q, k) => title[k] !== undefined && matches(title[k], q)) ? 2 : 0;
  // The title asks what the reader asks ("… là gì", "… thế nào"): the page is that question's answer.
  const asks = parsed.asked.length && inOrder(title, parsed.asked.map((f) => ({ f })), true) ? 2 : 0;
  // A query that names a document by its number ("kế hoạch 33", "công văn 8232") means that document.
  const numbers = qs.filter((q) => /^\d+$/.test(q.f)).map((q) => q.f);
  const named = numbers.length && d.meta.doc && numbers.every((n) => words(d.meta.doc.split(",")[0]).includes(n)) ? 5 : 0;
  // Asked for the hotline ("1022", "tổng đài", "gọi"): the page with the call button answers.
  const call = d.meta.action && qs.some((q) => q.f === "1022" || q.f === "goi" || (q.f === "dai" && qs.some((p) => p.f === "tong"))) ? 3 : 0;
  return 10 * hits * hits + ordered + opens + 2 * precision + asks + named + call + 6 * c.pos.cover + 2 * c.pos.phrase + 1.5 * c.pos.pairs + (c.pos.top ? 1 : 0) +
    c.pos.often + answer * (parsed.question ? 3 : 1) + 2 * accent;
}

function visibleText(content) {
  const at = content.indexOf(config.sentinel);
  return at >= 0 ? content.slice(0, at) : content;
}

/* The excerpt is the 60-word window holding the most distinct query words; matches are marked
 * whether or not they carry diacritics. */
function excerpt(content, qs) {
  const tokens = content.split(/(\s+)/);
  const hitOf = (token) => {
    const t = fold(token).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    return t ? qs.findIndex((q) => t === q.f || t.split(/[^\p{L}\p{N}]+/u).includes(q.f) || (q.prefix && t.startsWith(q.f))) : -1;
  };
  const hits = tokens.map(hitOf);
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (hits[i] < 0) continue;
    const window = new Set(hits.slice(i, i + 40).filter((h) => h >= 0));
    if (window.size > bestScore) {
      bestScore = window.size;
      best = i;
    }
  }
  const start = Math.max(0, best - 16);
  const slice = tokens.slice(start, start + 60);
  const html = slice.map((t, j) => (hits[start + j] >= 0 ? `<mark>${escapeHtml(t)}</mark>` : escapeHtml(t))).join("");
  return (start > 0 ? "… " : "") + html + (start + 60 < tokens.length ? " …" : "");
}

function selectedFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input[type=checkbox]:checked")) (filters[box.name] = filters[box.name] || []).push(box.value);
  return filters;
}

/* Pages of each filter value, asked of Pagefind once (a search with only that filter). */
async function loadFilterSets(pf) {
  if (filterSets) return filterSets;
  const available = await pf.filters();
  const sets = {};
  for (const [name, values] of Object.entries(available)) {
    sets[name] = {};
    for (const value of Object.keys(values)) {
      const res = await pf.search(null, { filters: { [name]: value } });
      sets[name][value] = new Set(res.results.map((r) => r.id));
    }
  }
  filterSets = sets;
  return sets;
}

/* The kind of each page holding a query word, from Pagefind's "Loại" filter (a few hundred bytes):
 * for a question, a Q&A or the hotline goes before a slogan already when choosing which fragments to
 * fetch. Asked word by word, so that no search without words loads an index chunk for nothing. */
async function kindsOf(pf, used) {
  const kinds = new Map();
  const available = await pf.filters();
  for (const value of Object.keys(available[KIND_FILTER] || {})) {
    for (const text of used.flatMap((w) => spellings([w]))) {
      const key = `${KIND_FILTER}=${value}=${text}`;
      if (!lookups.has(key)) lookups.set(key, pf.search(`"${text}"`, { filters: { [KIND_FILTER]: value } }).then((res) => res.results.map((r) => r.id)));
      for (const id of await lookups.get(key)) kinds.set(id, value);
    }
  }
  return kinds;
}

/* Pages in the index: each has one kind, so the kind filter's counts add up to them. */
async function countPages(pf) {
  const available = await pf.filters();
  return Object.values(available[KIND_FILTER] || {}).reduce((a, b) => a + b, 0) || (await pf.search(null)).results.length || 1;
}

function passes(id, filters) {
  return Object.entries(filters).every(([name, values]) => values.some((v) => filterSets?.[name]?.[v]?.has(id)));
}

async function renderFilters(params) {
  const pf = await loadPagefind();
  const sets = await loadFilterSets(pf);
  const names = Object.keys(sets).sort((a, b) => FILTER_ORDER.indexOf(a) - FILTER_ORDER.indexOf(b));
  filterBox.textContent = "";
  for (const name of names) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = FILTER_LABELS[name] || name;
    fieldset.appendChild(legend);
    const values = Object.keys(sets[name]).sort((a, b) => (name === "Năm" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
    for (const value of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = params.getAll(name).includes(value);
      box.addEventListener("change", () => search());
      const count = document.createElement("span");
      count.dataset.loaCount = "";
      count.textContent = `(${sets[name][value].size})`;
      label.append(box, ` ${value} `, count);
      fieldset.appendChild(label);
    }
    filterBox.appendChild(fieldset);
  }
  if (!names.length) filterBox.innerHTML = '<p class="loa-note">Chưa có bộ lọc.</p>';
}

/* Filter counts follow the query: how many of its results have each value. */
function updateCounts(ids) {
  if (!filterSets) return;
  for (const box of filterBox.querySelectorAll("input[type=checkbox]")) {
    const set = filterSets[box.name]?.[box.value];
    const n = set ? (ids ? ids.filter((id) => set.has(id)).length : set.size) : 0;
    box.parentElement.querySelector("[data-loa-count]").textContent = `(${n})`;
  }
}

function failed() {
  status.textContent = "Không tải được công cụ tìm kiếm (mạng chập chờn hoặc máy chủ đang lỗi). Hãy thử lại sau ít phút, " +
    "xem thông tin theo các mục dưới đây, hoặc gọi Tổng đài 1022.";
  fallback.hidden = false;
}

function asTypedLink(query) {
  const params = new URLSearchParams({ q: query, [EXACT_PARAM]: "1" });
  return `${location.pathname}?${params}`;
}

async function search({ typing = false, all = false } = {}) {
  const query = input.value;
  const current = ++generation;
  const asTyped = new URLSearchParams(location.search).has(EXACT_PARAM) && query.trim() === (new URLSearchParams(location.search).get("q") || "").trim();
  const parsed = parseQuery(query, asTyped);
  const filters = selectedFilters();
  updateUrl(query, filters, asTyped);
  list.textContent = "";
  note.textContent = "";
  more.hidden = true;
  more.onclick = null;
  fallback.hidden = true;
  if (!parsed.words.length && !Object.keys(filters).length) {
    status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu.";
    updateCounts(null);
    return;
  }
  status.textContent = "Đang tìm…";
  let state;
  try {
    const pf = await loadPagefind();
    if (Object.keys(filters).length) await loadFilterSets(pf);
    state = await rank(pf, parsed, typing, asTyped, filters, all);
  } catch (error) {
    if (current === generation) failed();
    return;
  }
  if (current !== generation) return;
  const { used, dropped, changed, total, matched } = state;
  let message = total ? `Tìm thấy ${total} kết quả` : "Không tìm thấy kết quả nào";
  if (used.length) message += ` cho “${used.join(" ")}”`;
  if (matched > total) message += `, những trang nói nhiều nhất về các từ này trong ${matched} trang có chúng`;
  if (dropped.length && total) message += ` (đã bỏ bớt: ${dropped.join(", ")})`;
  status.textContent = message + "." + (total ? "" : " Thử bỏ bớt từ, bỏ bộ lọc, hoặc gọi Tổng đài 1022.");
  if (changed.size) {
    note.innerHTML = `Đã tìm theo: <strong>${escapeHtml(used.join(" "))}</strong>. ` +
      `<a href="${escapeHtml(asTypedLink(query.trim()))}" data-loa-as-typed>Tìm đúng như đã gõ: “${escapeHtml(query.trim())}”</a>`;
  }
  if (matched > total) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "loa-search__all";
    button.dataset.loaAll = "";
    button.textContent = `Xem cả ${matched} trang`;
    button.addEventListener("click", () => search({ all: true }));
    note.append(" ", button);
  }
  await showMore(state, current);
}

/* The vocabulary keeps one spelling per folded syllable ("dai" is "đại"), so a corrected word is shown
 * as the first result writes it beside its neighbour ("tổng đài", "vùng xa"), or alone, when it does. */
function respell(used, changed, d) {
  const text = words(`${d.meta.title || ""} ${visibleText(d.content)}`);
  const folded = text.map(fold);
  return used.map((w, i) => {
    if (!changed.has(w)) return w;
    const f = fold(w);
    const at = (j) => folded[j] === f;
    const near = (j) => (i > 0 && folded[j - 1] === fold(used[i - 1])) || (i + 1 < used.length && folded[j + 1] === fold(used[i + 1]));
    const j = folded.findIndex((_, k) => at(k) && near(k));
    const k = j >= 0 ? j : folded.findIndex((_, n) => at(n));
    return k >= 0 ? text[k].toLowerCase() : w;
  });
}

/* Candidates in order: the pages that hold every word, ranked by where the words stand, and the first
 * RERANK of them again by their fragments. Identical titles (a slogan and a talking point) are one result. */
async function rank(pf, parsed, typing, asTyped, filters, everything) {
  if (totalPages === null) totalPages = await countPages(pf);
  const { used, maps, dropped, changed, prefix } = await resolve(pf, parsed, typing, asTyped);
  const idf = maps.map(rarity);
  const marks = used.map((w, i) => ({ f: fold(w), prefix: prefix && i === used.length - 1, idf: idf[i] }));
  const qs = canonicalQuery(marks);
  let ids = used.length ? matching(maps) : (await pf.search(null)).results.map((r) => r.id);
  updateCounts(ids);
  ids = ids.filter((id) => passes(id, filters));
  const where = await evidence(pf, used, maps);
  let cands = ids.map((id) => ({ id, pos: where(id) }));
  // Two syllables are almost always one word: when they stand side by side somewhere, only those pages.
  if (used.length === 2 && cands.some((c) => c.pos.phrase)) cands = cands.filter((c) => c.pos.phrase);
  const kinds = await kindsOf(pf, used);
  const answers = (id) => (config.answer_rank[kinds.get(id)] ?? 0.5) * (parsed.question ? 3 : 1);
  // A number in the query most often names a document ("33-KH/TU", "kế hoạch 33"): documents come into
  // the first page, where their number decides (finalScore); BM25 alone ranks a long document low.
  const numbered = used.some((w) => /^\d+$/.test(fold(w)));
  const docBoost = (id) => (numbered && kinds.get(id) === config.document_kind ? 2 : 0);
  const pre = (c) => 8 * c.pos.cover + 3 * c.pos.phrase + 1.5 * c.pos.pairs + (c.pos.top ? 1 : 0) + 4 * c.pos.often + answers(c.id)
    + docBoost(c.id);
  cands.sort((a, b) => pre(b) - pre(a) || (a.id < b.id ? -1 : 1));
  // One or two very common words ("kế hoạch", "phòng chống") are on most pages: list the third of the
  // site where they weigh most (Pagefind's BM25 with its title boost), and offer the rest on request.
  const matched = cands.length;
  const limit = Math.max(PAGE_SIZE, Math.floor(totalPages / 3));
  if (!everything && used.length && used.length <= 2 && cands.length > limit) cands = cands.slice(0, limit);
  const resultOf = (id) => maps.find((m) => m.has(id))?.get(id).r;
  const all = used.length ? null : new Map((await pf.search(null)).results.map((r) => [r.id, r]));
  const head = await Promise.all(cands.slice(0, RERANK).map(async (c) => ({ c, d: await (resultOf(c.id) || all.get(c.id)).data() })));
  const scored = head.map(({ c, d }) => ({ c, d, score: used.length ? finalScore(c, d, qs, parsed) : 0 }));
  scored.sort((a, b) => b.score - a.score);
  const rest = cands.slice(RERANK).map((c) => ({ c, load: () => (resultOf(c.id) || all.get(c.id)).data() }));
  const spelt = scored.length && changed.size ? respell(used, changed, scored[0].d) : used;
  return { used: spelt, dropped, changed, qs: marks, total: cands.length, matched, ready: scored.map((s) => s.d), rest, shown: 0, seenTitles: new Map() };
}

async function showMore(state, gen) {
  const want = state.shown + PAGE_SIZE;
  while (state.ready.length < want && state.rest.length) {
    const d = await state.rest.shift().load();
    if (gen !== generation) return; // a newer query owns the list now
    state.ready.push(d);
  }
  if (gen !== generation) return;
  const page = state.ready.slice(state.shown, want);
  state.shown = Math.min(state.ready.length, want);
  for (const d of page) {
    const key = fold(d.meta.title || d.url).trim();
    const same = state.seenTitles.get(key);
    if (same) { // the same title again: one result, with both kinds
      const kinds = same.querySelector(".loa-result__kinds");
      kinds.insertAdjacentHTML("beforeend", ` · <a href="${escapeHtml(d.url)}">${escapeHtml(d.meta.kind || "")}</a>`);
      continue;
    }
    const li = document.createElement("li");
    li.className = "loa-result";
    // Where and when it applies (issue 14's meta); an item whose sources' period has ended says "Tư liệu".
    const where = [d.meta.status, d.meta.place, d.meta.source].filter(Boolean).map(escapeHtml).join(" · ");
    li.innerHTML =
      `<a class="loa-result__title" href="${escapeHtml(d.url)}">${escapeHtml(d.meta.title || d.url)}</a>` +
      `<p class="loa-result__meta"><span class="loa-result__kinds">${escapeHtml(d.meta.kind || "")}</span>` +
      `${d.meta.date ? " · " + escapeHtml(d.meta.date) : ""}</p>` +
      (where ? `<p class="loa-result__where">${where}</p>` : "") +
      `<p class="loa-result__excerpt">${excerpt(visibleText(d.content), state.qs)}</p>`;
    state.seenTitles.set(key, li);
    list.appendChild(li);
  }
  more.hidden = state.shown >= state.ready.length && !state.rest.length;
  more.onclick = () => {
    more.onclick = null; // one click, one page
    showMore(state, gen).catch(() => gen === generation && failed());
  };
}

function updateUrl(query, filters, asTyped) {
  const params = new URLSearchParams();
  if (query.trim()) params.set("q", query.trim());
  if (asTyped) params.set(EXACT_PARAM, "1");
  for (const [name, values] of Object.entries(filters)) for (const v of values) params.append(name, v);
  history.replaceState(null, "", `${location.pathname}${params.toString() ? "?" + params : ""}`);
}

let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search({ typing: true }), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search();
});
// Pagefind (its script, WebAssembly and metadata) loads when the reader reaches the search box, or
// when the browser is idle, so the first query only waits for its own index chunks.
input.addEventListener("focus", () => loadPagefind().catch(() => {}), { once: true });
(window.requestIdleCallback || ((f) => setTimeout(f, 1)))(() => loadPagefind().catch(() => {}));

const params = new URLSearchParams(location.search);
input.value = (params.get("q") || "").normalize("NFC");
// The filter lists are fetched when the reader opens them, or when the URL already names filters.
const filterPanel = root.querySelector(".loa-search__filters");
const hasFilters = [...params.keys()].some((k) => k !== "q" && k !== EXACT_PARAM);
let filtersLoaded = null;
function ensureFilters() {
  filtersLoaded = filtersLoaded || renderFilters(new URLSearchParams(location.search)).then(() => search(), () => {
    filtersLoaded = null;
    filterBox.innerHTML = '<p class="loa-note">Không tải được bộ lọc.</p>';
  });
  return filtersLoaded;
}
filterPanel.addEventListener("toggle", () => {
  if (filterPanel.open) ensureFilters();
});
input.focus();
if (hasFilters) ensureFilters();
else if (input.value) search();
else status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu.";
