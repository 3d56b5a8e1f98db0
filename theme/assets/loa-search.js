/* Search page (/tim-kiem/): Pagefind with Vietnamese folding, retry on no results, filters, ?q= links.
 *
 * The index already holds folded forms of đ-words and synonym variants (see loa/text/search.py);
 * here the query is normalised (NFC), question words are dropped, words that match nothing are
 * retried away, results with the exact accented words are ranked first, and excerpts are built
 * from the page text so that matches with or without diacritics are highlighted.
 */
const PAGE_SIZE = 10;
// Results whose text is fetched to rank exact accented matches first: one page of them. Each costs a
// request (a fragment), so this is what a query costs beyond Pagefind's own index chunks.
const RANKED = PAGE_SIZE;
const config = JSON.parse(document.getElementById("loa-search-config").textContent);
const root = document.querySelector("[data-loa-search]");
const form = root.querySelector("form");
const input = root.querySelector("#loa-q");
const status = root.querySelector("[data-loa-status]");
const list = root.querySelector("[data-loa-results]");
const more = root.querySelector("[data-loa-more]");
const filterBox = root.querySelector("[data-loa-filters]");
// Longest first, so "phải làm gì" goes before "làm gì" and "gì".
const questionWords = config.question_words.map((q) => fold(q).split(/\s+/)).sort((a, b) => b.length - a.length);

let pagefind = null;
let ranked = [];
let rest = [];
let shown = 0;
let generation = 0;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/* Drop question words from the end of the query ("tiem vac xin o dau" -> "tiem vac xin"),
 * as long as some word is left. */
function queryWords(query) {
  const words = query.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  let end = words.length;
  let changed = true;
  while (changed) {
    changed = false;
    for (const phrase of questionWords) {
      if (end - phrase.length < 1) continue;
      const tail = words.slice(end - phrase.length, end).map(fold);
      if (tail.every((w, i) => w === phrase[i])) {
        end -= phrase.length;
        changed = true;
        break;
      }
    }
  }
  return words.slice(0, end);
}

function selectedFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] = filters[box.name] || { any: [] }).any.push(box.value);
  }
  return filters;
}

async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    // noWorker: search in this thread and skip fetching Pagefind's 40 KB worker script; a query
    // takes milliseconds, and on a slow link the bytes are what the reader waits for.
    await pagefind.options({ excerptLength: 0, noWorker: true });
    await pagefind.init();
  }
  return pagefind;
}

async function renderFilters(params) {
  const pf = await loadPagefind();
  const available = await pf.filters();
  const order = ["Loại", "Đối tượng", "Chủ đề", "Cơ quan ban hành", "Năm"];
  const names = Object.keys(available).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  filterBox.textContent = "";
  for (const name of names) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = name;
    fieldset.appendChild(legend);
    const values = Object.keys(available[name]).sort((a, b) => (name === "Năm" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
    for (const value of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = params.getAll(name).includes(value);
      box.addEventListener("change", () => search());
      label.append(box, ` ${value} (${available[name][value]})`);
      fieldset.appendChild(label);
    }
    filterBox.appendChild(fieldset);
  }
  if (!names.length) filterBox.innerHTML = '<p class="loa-note">Chưa có bộ lọc.</p>';
}

/* Pagefind folds tone marks but not đ, so the index also holds every đ-word folded ("dai" for
 * "đài"), and queries are sent with đ folded too: "đài", "dai" and text written without
 * diacritics all meet. The words as typed still decide ranking and highlighting. */
function indexForm(word) {
  return word.replace(/đ/g, "d").replace(/Đ/g, "D");
}

/* Pagefind keeps only pages that have every known word: when that leaves nothing, drop the words
 * that match nothing on their own, then the last words, until something is found. */
async function searchWithRetry(pf, words, filters) {
  const run = (ws) => pf.search(ws.map(indexForm).join(" "), { filters });
  let result = await run(words);
  if (result.results.length || words.length < 2) return { result, used: words, dropped: [] };
  const counts = await Promise.all(words.map(async (w) => (await run([w])).results.length));
  const used = words.filter((_, i) => counts[i] > 0);
  const dropped = words.filter((_, i) => counts[i] === 0);
  while (used.length) {
    result = await run(used);
    if (result.results.length) break;
    dropped.unshift(used.pop());
  }
  return { result, used, dropped };
}

function visibleText(content) {
  const at = content.indexOf(config.sentinel);
  return at >= 0 ? content.slice(0, at) : content;
}

/* The excerpt is the 60-word window holding the most distinct query words; matches are marked
 * whether or not they carry diacritics. */
function excerpt(content, words) {
  const tokens = content.split(/(\s+)/);
  const folded = words.map(fold);
  const hitOf = (token) => {
    const t = fold(token).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    return t ? folded.findIndex((w) => t.startsWith(w)) : -1;
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

/* With diacritics typed, a page holding exactly those accented words ranks above one that only
 * matches them folded. */
function accentBoost(content, words) {
  const accented = words.filter((w) => fold(w) !== w.toLowerCase());
  if (!accented.length) return 1;
  const text = content.toLowerCase();
  const hits = accented.filter((w) => text.includes(w.toLowerCase())).length;
  return 1 + hits / accented.length;
}

async function search() {
  const query = input.value;
  const words = queryWords(query);
  const filters = selectedFilters();
  const current = ++generation;
  updateUrl(query, filters);
  list.textContent = "";
  more.hidden = true;
  if (!words.length && !Object.keys(filters).length) {
    status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu.";
    return;
  }
  status.textContent = "Đang tìm…";
  const pf = await loadPagefind();
  const { result, used, dropped } = words.length
    ? await searchWithRetry(pf, words, filters)
    : { result: await pf.search(null, { filters }), used: [], dropped: [] };
  // Rank the first results with the accent boost; later ones keep Pagefind's order and load on demand.
  const head = await Promise.all(result.results.slice(0, RANKED).map(async (r) => ({ r, d: await r.data() })));
  if (current !== generation) return;
  ranked = head
    .map(({ r, d }, i) => ({ d, i, score: (r.score || 1) * accentBoost(visibleText(d.content), used) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.d);
  rest = result.results.slice(RANKED);
  shown = 0;
  const total = result.results.length;
  let message = total ? `Tìm thấy ${total} kết quả` : "Không tìm thấy kết quả nào";
  if (used.length) message += ` cho “${used.join(" ")}”`;
  if (dropped.length && total) message += ` (đã bỏ bớt: ${dropped.join(", ")})`;
  status.textContent = message + ".";
  if (!total) {
    status.textContent += " Thử bỏ bớt từ, bỏ bộ lọc, hoặc gọi Tổng đài 1022.";
  }
  showMore(used);
}

async function showMore(words) {
  while (ranked.length < shown + PAGE_SIZE && rest.length) {
    ranked.push(await rest.shift().data());
  }
  for (const d of ranked.slice(shown, shown + PAGE_SIZE)) {
    const li = document.createElement("li");
    li.className = "loa-result";
    const meta = [d.meta.kind, d.meta.date].filter(Boolean).map(escapeHtml).join(" · ");
    li.innerHTML =
      `<a class="loa-result__title" href="${escapeHtml(d.url)}">${escapeHtml(d.meta.title || d.url)}</a>` +
      `<p class="loa-result__meta">${meta}</p>` +
      `<p class="loa-result__excerpt">${excerpt(visibleText(d.content), words)}</p>`;
    list.appendChild(li);
  }
  shown = Math.min(ranked.length, shown + PAGE_SIZE);
  more.hidden = shown >= ranked.length && !rest.length;
  more.onclick = () => showMore(words);
}

function updateUrl(query, filters) {
  const params = new URLSearchParams();
  if (query.trim()) params.set("q", query.trim());
  for (const [name, { any }] of Object.entries(filters)) for (const v of any) params.append(name, v);
  const url = `${location.pathname}${params.toString() ? "?" + params : ""}`;
  history.replaceState(null, "", url);
}

let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});

const params = new URLSearchParams(location.search);
input.value = (params.get("q") || "").normalize("NFC");
// The filter lists (and their counts) are fetched when the reader opens them, or when the URL
// already names filters: a plain query does not pay for them.
const filterPanel = root.querySelector(".loa-search__filters");
const hasFilters = [...params.keys()].some((k) => k !== "q");
let filtersLoaded = null;
function ensureFilters() {
  filtersLoaded = filtersLoaded || renderFilters(new URLSearchParams(location.search));
  return filtersLoaded;
}
filterPanel.addEventListener("toggle", () => {
  if (filterPanel.open) ensureFilters();
});
(hasFilters ? ensureFilters() : Promise.resolve()).then(() => {
  if (input.value || hasFilters) search();
  else status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu.";
});
input.focus();
