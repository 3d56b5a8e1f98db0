/* Sortable tables (the document register): buttons in headers, aria-sort kept in step. */
(function () {
  "use strict";
  // Made on the first sort, not on every page: building the Vietnamese collation costs 10-50 ms of a
  // phone's main thread while the page loads.
  var collator = null;
  function compareText(a, b) {
    collator = collator || new Intl.Collator("vi", { sensitivity: "base", numeric: true });
    return collator.compare(a, b);
  }
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
  }
  function sortBy(table, index, ascending) {
    var body = table.tBodies[0];
    var header = table.tHead.rows[0].cells[index];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var r = compareText(cellValue(a, index), cellValue(b, index));
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
  /* Material wraps each code block's copy button in a <nav>: name each, so landmarks stay distinct. */
  function nameCodeNavs(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-code__nav"), function (nav, i) {
      nav.setAttribute("aria-label", "Công cụ của khối mã " + (i + 1));
    });
  }
  function start() { init(document); initPrint(document); initMenu(); initShare(document); nameCodeNavs(document); }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
