/* Search page (/tim-kiem/): the form, the filters and the results. The searching itself is done by
 * loa-search-engine.js in a worker (loa-search-worker.js), so that the page stays responsive while
 * Pagefind decompresses its index and the query's words are looked up, corrected and ranked (on a cheap
 * phone that held the main thread for over a second). A browser without module workers runs the same
 * engine in this thread. This script imports nothing itself, so the worker starts as soon as it runs.
 */
const EXACT_PARAM = "dung-nhu-go";
const FILTER_LABELS = { place: "Địa bàn" };
const FILTER_ORDER = ["Loại", "place", "Đối tượng", "Chủ đề", "Cơ quan ban hành", "Năm"];
const ENGINE = new URL("loa-search-engine.js", import.meta.url);
const WORKER = new URL("loa-search-worker.js", import.meta.url);
const config = JSON.parse(document.getElementById("loa-search-config").textContent);
// The vocabulary's address is relative to this page; the worker's own address is under assets/.
config.vocabularyUrl = new URL(config.vocabulary, location.href).href;
const root = document.querySelector("[data-loa-search]");
const form = root.querySelector("form");
const input = root.querySelector("#loa-q");
const status = root.querySelector("[data-loa-status]");
const note = root.querySelector("[data-loa-note]");
const list = root.querySelector("[data-loa-results]");
const more = root.querySelector("[data-loa-more]");
const filterBox = root.querySelector("[data-loa-filters]");
const fallback = root.querySelector("[data-loa-fallback]");
const engine = connect();
let generation = 0;
let filterSizes = null; // filter name -> value -> pages, once the filter panel is open

/* Ask the engine: call(method, ...args) -> Promise of its answer. In a module worker when the browser
 * can start one; when the worker cannot start (no module workers, or its script failed to load), the
 * calls waiting for it and all later ones run in this thread. */
function connect() {
  const pending = new Map();
  let next = 0;
  let local = null;
  const inThread = (method, args) => {
    local = local || import(ENGINE.href).then((m) => m.createEngine(config));
    local.catch(() => { local = null; }); // the next query tries again
    return local.then((e) => e[method](...args));
  };
  let worker = null;
  try {
    worker = new Worker(WORKER, { type: "module" });
    worker.postMessage({ method: "init", args: [config] });
    worker.addEventListener("message", ({ data }) => {
      const call = pending.get(data.id);
      pending.delete(data.id);
      if (call) data.ok ? call.resolve(data.value) : call.reject(new Error(data.error));
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      worker.terminate();
      worker = null;
      for (const call of pending.values()) call.retry();
      pending.clear();
      inThread("load", []).catch(() => {});
    });
  } catch {
    worker = null;
    inThread("load", []).catch(() => {});
  }
  return (method, ...args) => new Promise((resolve, reject) => {
    const retry = () => inThread(method, args).then(resolve, reject);
    if (!worker) return retry();
    const id = ++next;
    pending.set(id, { resolve, reject, retry });
    worker.postMessage({ id, method, args });
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function selectedFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input[type=checkbox]:checked")) (filters[box.name] = filters[box.name] || []).push(box.value);
  return filters;
}

async function renderFilters(params) {
  filterSizes = await engine("filters");
  const names = Object.keys(filterSizes).sort((a, b) => FILTER_ORDER.indexOf(a) - FILTER_ORDER.indexOf(b));
  filterBox.textContent = "";
  for (const name of names) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = FILTER_LABELS[name] || name;
    fieldset.appendChild(legend);
    const values = Object.keys(filterSizes[name]).sort((a, b) => (name === "Năm" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
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
      count.textContent = `(${filterSizes[name][value]})`;
      label.append(box, ` ${value} `, count);
      fieldset.appendChild(label);
    }
    filterBox.appendChild(fieldset);
  }
  if (!names.length) filterBox.innerHTML = '<p class="loa-note">Chưa có bộ lọc.</p>';
}

/* Filter counts follow the query: how many of its results have each value (all pages without one). */
function updateCounts(counts) {
  if (!filterSizes) return;
  for (const box of filterBox.querySelectorAll("input[type=checkbox]")) {
    const n = (counts || filterSizes)[box.name]?.[box.value] ?? 0;
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
  const filters = selectedFilters();
  updateUrl(query, filters, asTyped);
  list.textContent = "";
  note.textContent = "";
  more.hidden = true;
  more.onclick = null;
  fallback.hidden = true;
  if (!/[\p{L}\p{N}]/u.test(query) && !Object.keys(filters).length) {
    status.textContent = "Nhập từ cần tìm, có dấu hoặc không dấu.";
    updateCounts(null);
    return;
  }
  status.textContent = "Đang tìm…";
  let found;
  try {
    found = await engine("search", { query, typing, asTyped, filters, all });
  } catch (error) {
    if (current === generation) failed();
    return;
  }
  if (current !== generation) return;
  updateCounts(found.counts);
  const { used, dropped, total, matched } = found;
  let message = total ? `Tìm thấy ${total} kết quả` : "Không tìm thấy kết quả nào";
  if (used.length) message += ` cho “${used.join(" ")}”`;
  if (matched > total) message += `, những trang nói nhiều nhất về các từ này trong ${matched} trang có chúng`;
  if (dropped.length && total) message += ` (đã bỏ bớt: ${dropped.join(", ")})`;
  status.textContent = message + "." + (total ? "" : " Thử bỏ bớt từ, bỏ bộ lọc, hoặc gọi Tổng đài 1022.");
  if (found.corrected) {
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
  show(found, found.token, current, new Map());
}

/* A page of results; identical titles (a slogan and a talking point) are one result listing both kinds. */
function show(page, token, gen, seenTitles) {
  for (const d of page.items) {
    const same = seenTitles.get(d.key);
    if (same) {
      const kinds = same.querySelector(".loa-result__kinds");
      kinds.insertAdjacentHTML("beforeend", ` · <a href="${escapeHtml(d.url)}">${escapeHtml(d.kind)}</a>`);
      continue;
    }
    const li = document.createElement("li");
    li.className = "loa-result";
    li.innerHTML =
      `<a class="loa-result__title" href="${escapeHtml(d.url)}">${escapeHtml(d.title)}</a>` +
      `<p class="loa-result__meta"><span class="loa-result__kinds">${escapeHtml(d.kind)}</span>` +
      `${d.date ? " · " + escapeHtml(d.date) : ""}</p>` +
      (d.where ? `<p class="loa-result__where">${escapeHtml(d.where)}</p>` : "") +
      `<p class="loa-result__excerpt">${d.excerpt}</p>`;
    seenTitles.set(d.key, li);
    list.appendChild(li);
  }
  more.hidden = !page.more;
  more.onclick = () => {
    more.onclick = null; // one click, one page
    engine("more", token).then((next) => {
      if (gen === generation && next) show(next, token, gen, seenTitles); // else a newer query owns the list now
    }, () => gen === generation && failed());
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
