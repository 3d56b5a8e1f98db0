/* Sortable tables (the document register): buttons in headers, aria-sort kept in step. */
(function () {
  "use strict";
  var collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }
  function sortBy(table, index, ascending) {
    var body = table.tBodies[0];
    var header = table.tHead.rows[0].cells[index];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var r = collator.compare(cellValue(a, index), cellValue(b, index));
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    if (table.loaSelect) table.loaSelect.value = index + (ascending ? "-asc" : "-desc");
  }
  /* A list box of every column, both ways, above the table; its first choice is the order as built. */
  function sortSelect(table, names) {
    // The page keeps a place for the control (no layout shift when it appears); else it goes above the table.
    var box = table.closest(".loa-table-wrap") || table;
    var wrap = box.previousElementSibling && box.previousElementSibling.hasAttribute("data-loa-sort")
      ? box.previousElementSibling : document.createElement("div");
    wrap.className = "loa-sort";
    var label = document.createElement("label");
    var select = document.createElement("select");
    select.id = "loa-sort-" + document.querySelectorAll(".loa-sort").length;
    label.htmlFor = select.id;
    label.textContent = "Sắp xếp theo";
    var built = document.createElement("option");
    built.value = "";
    built.textContent = "Mặc định (ban hành gần nhất trước)";
    select.appendChild(built);
    names.forEach(function (name, index) {
      var date = table.tHead.rows[0].cells[index].getAttribute("data-sort-type") === "date";
      [["asc", date ? " (cũ nhất trước)" : " (A → Z)"], ["desc", date ? " (mới nhất trước)" : " (Z → A)"]].forEach(function (way) {
        var option = document.createElement("option");
        option.value = index + "-" + way[0];
        option.textContent = name + way[1];
        select.appendChild(option);
      });
    });
    var original = Array.prototype.slice.call(table.tBodies[0].rows);
    select.addEventListener("change", function () {
      if (!select.value) {
        original.forEach(function (row) { table.tBodies[0].appendChild(row); });
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
        return;
      }
      var parts = select.value.split("-");
      sortBy(table, Number(parts[0]), parts[1] === "asc");
    });
    wrap.appendChild(label);
    wrap.appendChild(select);
    if (!wrap.parentNode) box.parentNode.insertBefore(wrap, box);
    table.loaSelect = select;
  }
  function init(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table[data-sortable]"), function (table) {
      if (table.dataset.loaSortable) return;
      table.dataset.loaSortable = "1";
      var names = [];
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        names.push(th.textContent);
        button.setAttribute("aria-label", "Sắp xếp theo " + th.textContent);
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th.getAttribute("aria-sort") !== "ascending"); });
      });
      sortSelect(table, names);
    });
  }
  /* Handout pages: a print button (no inline handlers, so the page works under a strict CSP). */
  function initPrint(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-loa-print]"), function (button) {
      button.hidden = false;
      button.onclick = function () { window.print(); };
    });
  }
  /* The menu button opens Material's drawer (a checkbox toggle): aria-expanded follows it, focus goes
     into the drawer when it opens, Escape or leaving it by Tab closes it and focus comes back. */
  function initMenu() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("[data-loa-menu]");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !drawer || button.dataset.loaReady) return;
    button.dataset.loaReady = "1";
    function sync() {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
      button.setAttribute("aria-label", toggle.checked ? "Đóng danh mục trang" : "Mở danh mục trang");
    }
    function set(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
      sync();
    }
    button.addEventListener("click", function () {
      set(!toggle.checked);
      if (toggle.checked) {
        var first = drawer.querySelector("a[href], button, input:not([type=checkbox])");
        if (first) first.focus();
      }
    });
    toggle.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) { set(false); button.focus(); }
    });
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !drawer.contains(next) && next !== button) set(false);
    });
    sync();
  }
  /* "Chia sẻ": the phone's own share sheet (Zalo, Facebook, SMS …) with the title, the place and the
     address; where there is none, the same text is copied. The page itself sends nothing anywhere. */
  function initShare(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-loa-share]"), function (button) {
      var status = button.nextElementSibling;
      var title = button.getAttribute("data-share-title");
      var place = button.getAttribute("data-share-place");
      var text = place ? title + " (" + place + ")" : title;
      var canonical = document.querySelector("link[rel=canonical]");
      var url = location.protocol === "file:" || !canonical ? location.href.split("#")[0] : canonical.href;
      function say(message) { if (status) status.textContent = message; }
      button.hidden = false;
      button.onclick = function () {
        if (navigator.share) {
          navigator.share({ title: title, text: text, url: url }).catch(function () {});
        } else if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text + "\n" + url).then(function () {
            say("Đã chép tiêu đề và địa chỉ trang, hãy dán vào tin nhắn.");
          }, function () { say(text + " — " + url); });
        } else {
          say(text + " — " + url);
        }
      };
    });
  }
  function start() { init(document); initPrint(document); initMenu(); initShare(document); }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
/* Handouts (/doi-tuong/…): filter by place and topic, copy channel texts, and stamp the print with
   the day it is printed and the page's address (the build cannot know either). */
(function () {
  "use strict";
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  /* As loa.text.vi.format_date: 06/9/2021, 12/02/2021. */
  function formatDate(d) {
    var month = d.getMonth() + 1;
    return ("0" + d.getDate()).slice(-2) + "/" + (month < 3 ? "0" + month : String(month)) + "/" + d.getFullYear();
  }
  function pageAddress() { return location.href.split("#")[0]; }
  function stamp() {
    each(document.querySelectorAll("[data-loa-print-date]"), function (s) { s.textContent = formatDate(new Date()); });
    each(document.querySelectorAll("[data-loa-page-url]"), function (s) { s.textContent = pageAddress(); });
  }
  function makeSelect(name, label, options, chosen) {
    var wrap = document.createElement("label");
    wrap.className = "loa-handout-filter__field";
    wrap.appendChild(document.createTextNode(label + " "));
    var select = document.createElement("select");
    select.name = name;
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0];
      option.textContent = o[1];
      option.selected = o[0] === chosen;
      select.appendChild(option);
    });
    wrap.appendChild(select);
    return { wrap: wrap, select: select };
  }
  function initFilter(root) {
    var box = root.querySelector("[data-loa-filter]");
    if (!box || box.dataset.loaReady) return;
    box.dataset.loaReady = "1";
    var params = new URLSearchParams(location.search);
    var places = [["", "Mọi nơi"]], topics = [["", "Mọi chủ đề"]];
    each(box.querySelectorAll("[data-loa-filter-places] li"), function (li) { places.push([li.getAttribute("data-value"), li.textContent]); });
    var groups = root.querySelectorAll("[data-loa-topic]");
    each(groups, function (g) { topics.push([g.getAttribute("data-loa-topic"), g.getAttribute("data-loa-topic-name")]); });
    var place = makeSelect("noi", "Nơi áp dụng", places, params.get("noi") || "");
    var topic = makeSelect("chu-de", "Chủ đề", topics, params.get("chu-de") || "");
    var status = document.createElement("p");
    status.className = "loa-handout-filter__status";
    status.setAttribute("aria-live", "polite");
    var items = root.querySelectorAll(".loa-handout-item");
    function apply() {
      var p = place.select.value, t = topic.select.value, shown = 0;
      each(groups, function (g) {
        var inTopic = !t || g.getAttribute("data-loa-topic") === t, left = 0;
        each(g.querySelectorAll(".loa-handout-item"), function (item) {
          var where = (item.getAttribute("data-loa-places") || "").split(" ");
          var show = inTopic && (!p || where.indexOf(p) >= 0 || where.indexOf("toan-quoc") >= 0);
          item.hidden = !show;
          if (show) left += 1;
        });
        g.hidden = left === 0;
        shown += left;
      });
      status.textContent = "Đang hiện " + shown + "/" + items.length + " thông điệp.";
      var query = new URLSearchParams();
      if (p) query.set("noi", p);
      if (t) query.set("chu-de", t);
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      stamp();
    }
    place.select.addEventListener("change", apply);
    topic.select.addEventListener("change", apply);
    box.textContent = "";
    box.appendChild(place.wrap);
    box.appendChild(topic.wrap);
    box.appendChild(status);
    box.hidden = false;
    apply();
  }
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }
  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) done(); } finally { document.body.removeChild(area); }
  }
  function initCopy(root) {
    each(root.querySelectorAll("[data-loa-copy]"), function (button) {
      var target = document.getElementById(button.getAttribute("data-loa-copy"));
      if (!target || button.dataset.loaReady) return;
      button.dataset.loaReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(target.textContent.trim(), function () {
          button.textContent = "Đã chép";
          setTimeout(function () { button.textContent = "Sao chép"; }, 2000);
        });
      });
    });
  }
  function start() {
    each(document.querySelectorAll("[data-loa-absolute]"), function (a) { a.textContent = a.href; });
    initFilter(document);
    initCopy(document);
    stamp();
    each(document.querySelectorAll("[data-loa-print-date]"), function (s) { s.textContent = "……/……/………"; });
  }
  window.addEventListener("beforeprint", stamp);
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    var onChange = function (e) { if (e.matches) stamp(); };
    if (media.addEventListener) media.addEventListener("change", onChange); else if (media.addListener) media.addListener(onChange);
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
