/* Search page, text side: Vietnamese syllables, the query's words, spelling corrections, excerpts.
 * Functions of strings only (no page, no Pagefind), imported by the search engine (loa-search-engine.js).
 */

// A folded Vietnamese syllable: an initial consonant, then one of the language's rhymes.
const SYLLABLE = new RegExp("^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(a|ac|ach|ai|am|an|ang|anh|ao|ap|at|au|ay|" +
  "e|ec|em|en|eng|eo|ep|et|eu|i|ia|ich|iec|iem|ien|ieng|iep|iet|ieu|im|in|inh|ip|it|iu|o|oa|oac|oach|oai|oam|oan|oang|" +
  "oanh|oao|oap|oat|oay|oc|oe|oec|oen|oeo|oet|oi|om|on|ong|oo|ooc|oong|op|ot|u|ua|uan|uang|uanh|uat|uay|uc|ue|uech|uen|" +
  "uenh|uet|ui|um|un|ung|uo|uoc|uoi|uom|uon|uong|uop|uot|uou|up|ut|uu|uy|uya|uyen|uyet|uynh|uych|uyt|uyu|y|yem|yen|yet|yeu)$");

// Words that make a query a question wherever they stand ("ai phụ trách …", "vì sao nên …").
const INTERROGATIVES = new Set(["ai", "gi", "sao", "nao", "dau", "khong", "chua", "nhieu", "may", "nen"]);

export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

/* The syllables of a text, NFC; "Covid-19" gives "Covid" and "19" as Pagefind indexes its parts. */
export function words(text) {
  return text.normalize("NFC").match(/[\p{L}\p{N}]+/gu) || [];
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/* A folded word that can be a whole Vietnamese syllable (not the start of a longer word being typed). */
export function isSyllable(f) {
  return SYLLABLE.test(f);
}

/* A folded word spelt as Vietnamese is written: a syllable whose initial follows the spelling rules
 * (k, gh, ngh before e, i, y; c, g, ng before the other vowels). "buoc", "sot", "sao" are words (bắt
 * buộc, sốt, sao); "ngia", "kao", "cug" cannot be, so they are typos. */
export function isWellFormed(f) {
  if (!SYLLABLE.test(f)) return false;
  const front = /^[eiy]/;
  const [, initial = "", rhyme] = f.match(/^(ngh|ng|gh|gi|qu|[bcdghklmnprstvx]h?|)(.*)$/);
  if (["k", "gh", "ngh"].includes(initial)) return front.test(rhyme);
  if (["c", "g", "ng"].includes(initial)) return !front.test(rhyme);
  return true;
}

/* A word typed with its marks ("sao" as "sao", "tỉnh", "đài") was typed as meant. */
export function isAccented(word) {
  return fold(word) !== word.normalize("NFC").toLowerCase();
}

/* The content rules of content/danh-muc/tim-kiem.yml (in the page's config), in the shape used here. */
export function queryRules(config) {
  return {
    // Longest first, so "phải làm gì" goes before "làm gì" and "gì".
    questionWords: config.question_words.map((q) => words(q)).sort((a, b) => b.length - a.length),
    abbreviations: new Map(Object.entries(config.abbreviations || {}).map(([k, v]) => [k.normalize("NFC").toLowerCase(), v])),
    // Synonym groups as folded syllables, longest first: titles and queries are compared with every
    // variant read as the group's first ("vaccine" as "vắc xin").
    synonyms: (config.synonyms || []).flatMap((g) => g.map((v) => ({ from: words(v).map(fold), to: words(g[0]).map(fold) })))
      .sort((a, b) => b.from.length - a.from.length),
  };
}

/* Drop question words from the end ("tiem vac xin o dau" -> "tiem vac xin") while a word is left;
 * a query that had them, or that is a whole sentence, is a question. */
export function parseQuery(query, asTyped, rules) {
  const changed = new Set();
  // Abbreviations first ("vung do co dc ra ngoai ko"): a spelt-out "không" is then a question word.
  // Not inside a document's number: the "KH" of "33-KH/TU" is its type, not "kế hoạch" typed short.
  const ws = query.split(/\s+/).flatMap((chunk) => words(chunk).flatMap((w) => {
    const number = /[\p{L}\p{N}][-/.][\p{L}\p{N}]/u.test(chunk);
    const full = asTyped || number ? null : rules.abbreviations.get(w.toLowerCase()) || rules.abbreviations.get(fold(w));
    if (!full) return [w];
    const parts = words(full);
    parts.forEach((p) => changed.add(p));
    return parts;
  }));
  let end = ws.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const phrase of rules.questionWords) {
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

/* Spelling variants of a folded word that Vietnamese readers confuse, cheapest first. An initial is
 * swapped whole: "ch" and "kh" are not "c" and "k" ("chí" is not "khi", "không" is not "chống"). */
export function variants(f) {
  const out = [];
  const initial = f.match(/^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?/)[0];
  const swap = (a, b) => { if (initial === a) out.push(b + f.slice(a.length)); };
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

/* How many of its neighbours a folded word stands beside in the vocabulary's known pairs (0, 1 or 2). */
export function knownPairs(vocab, ws, i, first, last = first) {
  const prev = i > 0 ? fold(ws[i - 1]) : null;
  const next = i + 1 < ws.length ? fold(ws[i + 1]) : null;
  return (prev && vocab.pairs.has(`${prev} ${first}`) ? 1 : 0) + (next && vocab.pairs.has(`${last} ${next}`) ? 1 : 0);
}

/* Corrections for words[i], best first, each {parts: replacement words, context: how many neighbours
 * it forms a known pair with, confusion: whether it is a known confusion (variants())}: known confusions, then a split ("tiemvacxin" is rare, "vacxin" is
 * indexed), then one edit; a candidate in a known pair with a neighbour, and a more frequent one, go first. */
export function corrections(vocab, ws, i) {
  const f = fold(ws[i]);
  const seen = new Set([f]);
  const found = [];
  const add = (parts, cost, confusion = false) => {
    const key = parts.join(" ");
    if (seen.has(key) || !parts.every((p) => vocab.rank.has(p))) return;
    seen.add(key);
    const context = knownPairs(vocab, ws, i, parts[0], parts[parts.length - 1]);
    found.push({ parts, context, confusion, score: cost - 0.8 * context + vocab.rank.get(parts[0]) / 1e5 });
  };
  for (const v of variants(f)) add([v], 1, true);
  for (let k = 1; k < f.length; k++) {
    const parts = [f.slice(0, k), f.slice(k)];
    add(parts, vocab.pairs.has(parts.join(" ")) ? 1 : 2.5);
  }
  for (const v of edits(f)) add([v], 2);
  return found.sort((a, b) => a.score - b.score).slice(0, 8)
    .map((c) => ({ parts: c.parts.map((p) => vocab.spelling.get(p) || p), context: c.context, confusion: c.confusion }));
}

/* Folded tokens with every synonym read as its group's first ("vaccine" as "vắc xin"). */
export function canonical(tokens, synonyms) {
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
export function canonicalQuery(qs, synonyms) {
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

export function inOrder(title, qs, contiguous) {
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

/* The excerpt is the 60-word window holding the most distinct query words; matches are marked
 * whether or not they carry diacritics. */
export function excerpt(content, qs) {
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
