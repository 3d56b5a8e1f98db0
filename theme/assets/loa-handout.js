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
