/* Search page, engine: Pagefind, asked for whole Vietnamese syllables, re-ranked for questions.
 *
 * Runs in a module worker (loa-search-worker.js), so that Pagefind's decompression and WebAssembly and
 * the lookups below never hold the page's main thread; a browser without module workers imports it in
 * the page instead. It takes plain requests and answers with plain data: the results' titles, places
 * and excerpts, ready to show.
 *
 * Pagefind matches every query word as a prefix ("tin" finds "tỉnh", "gia" finds "Giang"). Here
 * each word is looked up on its own as a quoted term, which Pagefind matches whole, tone marks folded;
 * only the word still being typed, when it cannot be a whole syllable, is a prefix. Candidates are
 * ordered by the query's weight they hold, its pairs and the whole query side by side (quoted phrase
 * lookups), Pagefind's BM25 score and the page's kind (the "Loại" filter); the first page of them again
 * by their fragments: the title (a citizen's question) holding the words in order. A word that
 * matches nothing is corrected from the site's vocabulary (tim-kiem/tu-vung.json, built from the
 * public pages) and the abbreviations of content/danh-muc/tim-kiem.yml; the page says so.
 */
import {
  canonical, canonicalQuery, corrections, excerpt, fold, inOrder, isAccented, isSyllable, isWellFormed, knownPairs, parseQuery, queryRules,
  variants, words,
} from "./loa-search-words.js";

const PAGE_SIZE = 10;
// Candidates whose fragment is fetched to rank them by title. Each is a request (1–8 KB gzip'd), so
// only the first page's worth, which is fetched to show it anyway; the order before that, from
// lookups and filters alone, costs no fragment (scripts/search_quality.py holds it to the judged set).
const RERANK = PAGE_SIZE;
// A word on this many pages or fewer may be a misspelling that happens to be a word ("sanh" for "xanh").
const RARE = 5;
const KIND_FILTER = "Loại";

/* A search engine for the page's config (tim-kiem.yml's rules, the answer ranks, the vocabulary's
 * address); its caches live as long as the page. */
export function createEngine(config) {
  const rules = queryRules(config);
  let pagefindLoad = null;
  let vocabularyLoad = null;
  let totalPages = null;
  let filterSets = null; // filter name -> value -> Set of page ids, once the filter panel is open
  let latest = null; // the last query's ranked candidates, for "Xem thêm"
  let queries = 0;
  const lookups = new Map();

  function loadPagefind() {
    if (!pagefindLoad) {
      pagefindLoad = (async () => {
        const pf = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
        // noWorker: this engine already runs in a worker of its own; Pagefind's would be a second one
        // (40 KB more to fetch) and a message per lookup.
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
      vocabularyLoad = fetch(config.vocabularyUrl).then((r) => {
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

  /* The word still being typed, when it cannot be a whole syllable ("vaccin"): looked up as a prefix. */
  function prefixOf(ws, typing) {
    const last = ws[ws.length - 1];
    return typing && ws.length && !isSyllable(fold(last)) && !/^\d+$/.test(last) ? last : null;
  }

  /* The words to search for (abbreviations are already spelt out): a word that matches nothing is
   * corrected, and when the words find almost nothing, a rare word is corrected if that finds more
   * (up to three corrections); then settle(). */
  async function resolve(pf, parsed, typing, asTyped) {
    const ws = parsed.words.slice();
    const changed = new Set(parsed.changed);
    const prefixWord = prefixOf(ws, typing);
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
        // A Vietnamese word ("bắt buộc", "sốt", "sao") is not taken for another merely because that
        // finds pages ("bat buoc" -> "bat được", "bi sot ho" -> "bi số ho", "làm sao" -> "làm số"):
        // typed with its marks and found, or found beside its neighbour, it is meant; else only a
        // correction that stands beside a neighbour replaces it: in a pair the site often writes
        // ("muc tiu" -> "mục tiêu"), or a known confusion next to it on a page ("vung sanh" -> "vùng
        // xanh", "phu chach" -> "phụ trách"), and a word that was found only by a known confusion.
        // A word that cannot be Vietnamese ("cug", "vacin", "ngia") is corrected as before.
        const real = isAccented(ws[i]) || isWellFormed(fold(ws[i]));
        if (real && maps[i].size && (isAccented(ws[i]) || knownPairs(vocab, ws, i, fold(ws[i])) || (await beside(pf, ws, i, [ws[i]])))) continue;
        let best = null;
        for (const { parts, context, confusion } of corrections(vocab, ws, i)) {
          if (real && (maps[i].size && !confusion || !context && !(confusion && (await beside(pf, ws, i, parts))))) continue;
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

  /* Whether words (replacing ws[i]) stand side by side with ws[i]'s neighbour on some page: Pagefind's
   * phrase lookups, from the index chunks the words already loaded. */
  async function beside(pf, ws, i, parts) {
    return (i > 0 && (await find(pf, [ws[i - 1], parts[0]])).size > 0) ||
      (i + 1 < ws.length && (await find(pf, [parts[parts.length - 1], ws[i + 1]])).size > 0);
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
      // Never a word typed with its marks; and a word that stands beside its other neighbour is
      // replaced only by one that stands beside this one on more pages: "phong trong dich" is
      // "phòng chống dịch", but in "tuyen truyen chong dich" "chống dịch" outweighs "truyền trong".
      const kept = async (k, other) => (isAccented(ws[k]) ? Infinity : other < 0 || other >= ws.length ? 0
        : (await find(pf, other < k ? [ws[other], ws[k]] : [ws[k], ws[other]])).size);
      const keep = [await kept(i, i - 1), await kept(i + 1, i + 2)];
      let best = null;
      for (const [k, pair] of [...variants(a).map((v) => [i, [v, b]]), ...variants(b).map((v) => [i + 1, [a, v]])]) {
        const n = (await find(pf, pair)).size;
        if (n > keep[k - i] && (!best || n > best.n)) best = { k, w: pair[k - i], n };
      }
      if (!best) continue;
      ws[best.k] = best.w;
      maps[best.k] = await find(pf, [best.w]);
      changed.add(best.w);
    }
  }

  /* The words that find something: those that match nothing are dropped, then, while they never meet, the last ones. */
  function settle(ws, maps, changed, prefixWord) {
    let used = ws.map((w, i) => ({ w, m: maps[i] }));
    const dropped = [];
    // A word no page holds (left uncorrected: "sốt" in "bị sốt ho") finds nothing, and would only
    // count against every page as a word it misses: it is dropped whenever another word is found.
    if (used.length > 1 && (!matching(used.map((u) => u.m)).length || used.some((u) => u.m.size))) {
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


  /* The final order: the title (a citizen's question) holding the words, in order, side by side, then
   * the words side by side in the text, then the kind of page for a question, then accents as typed. */
  function finalScore(c, d, qs, parsed) {
    // A document is also known by its number and issuer ("kế hoạch 43 của thành ủy lai châu").
    const title = canonical(words(`${d.meta.title || ""} ${d.meta.doc || ""}`).map(fold), rules.synonyms);
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
    if (totalPages === null) {
      // The page count (from the filters) and the words' own lookups are fetched together: one round
      // trip on a slow link, not two.
      const prefixWord = prefixOf(parsed.words, typing);
      [totalPages] = await Promise.all([countPages(pf), ...parsed.words.map((w) => find(pf, [w], w === prefixWord))]);
    }
    const { used, maps, dropped, changed, prefix } = await resolve(pf, parsed, typing, asTyped);
    const idf = maps.map(rarity);
    const marks = used.map((w, i) => ({ f: fold(w), prefix: prefix && i === used.length - 1, idf: idf[i] }));
    const qs = canonicalQuery(marks, rules.synonyms);
    let ids = used.length ? matching(maps) : (await pf.search(null)).results.map((r) => r.id);
    const counts = countsOf(ids);
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
    return { used: spelt, dropped, changed, qs: marks, total: cands.length, matched, ready: scored.map((s) => s.d), rest, shown: 0, counts };
  }

  /* Filter counts follow the query: how many of its results have each value (none before the panel is open). */
  function countsOf(ids) {
    if (!filterSets) return null;
    return Object.fromEntries(Object.entries(filterSets).map(([name, values]) =>
      [name, Object.fromEntries(Object.entries(values).map(([value, set]) => [value, ids ? ids.filter((id) => set.has(id)).length : set.size]))]));
  }

  /* The next page of a ranked query, as the page shows it: where and when each result applies
   * (issue 14's meta; an item whose sources' period has ended says "Tư liệu") and its excerpt. */
  async function page(state) {
    const want = state.shown + PAGE_SIZE;
    while (state.ready.length < want && state.rest.length) state.ready.push(await state.rest.shift().load());
    const items = state.ready.slice(state.shown, want).map((d) => ({
      url: d.url, title: d.meta.title || d.url, kind: d.meta.kind || "", date: d.meta.date || "",
      where: [d.meta.status, d.meta.place, d.meta.source].filter(Boolean).join(" · "),
      excerpt: excerpt(visibleText(d.content), state.qs), key: fold(d.meta.title || d.url).trim(),
    }));
    state.shown = Math.min(state.ready.length, want);
    return { items, more: state.shown < state.ready.length || state.rest.length > 0 };
  }

  return {
    load: () => loadPagefind().then(() => true),

    /* A query: {query, typing, asTyped, filters, all} -> what it was searched as, counts and the first page. */
    async search({ query, typing = false, asTyped = false, filters = {}, all = false }) {
      const parsed = parseQuery(query, asTyped, rules);
      const pf = await loadPagefind();
      if (Object.keys(filters).length) await loadFilterSets(pf);
      const state = await rank(pf, parsed, typing, asTyped, filters, all);
      state.token = ++queries;
      latest = state;
      const { used, dropped, changed, total, matched, counts, token } = state;
      return { used, dropped, corrected: changed.size > 0, total, matched, counts, token, ...(await page(state)) };
    },

    /* The next page of the last query; null when a newer query has replaced it. */
    async more(token) {
      return latest && latest.token === token ? page(latest) : null;
    },

    /* Every filter and the number of pages of each value. */
    async filters() {
      await loadFilterSets(await loadPagefind());
      return countsOf(null);
    },
  };
}
