/* vendorlock: click a column header to sort the table (numbers and dates by their raw value);
   type in the box above a table to keep the rows containing every word typed (accents and
   case ignored). A long table carries all its rows as JSON and shows them a page at a time
   ("show more"): sorting and filtering work on every row. Printing opens every <details> and
   shows every row written in the page. No network, no library. */
(function () {
  "use strict";
  function fold(s) {
    /* accents and the soft hyphens of printed cells (U+00AD) do not count */
    return s.normalize("NFD").replace(/[\u0300-\u036f\u00ad]/g, "").toLowerCase();
  }
  /* A cell of the JSON rows: its text, or [text, sort key, class]. */
  function cellText(c) { return typeof c === "string" ? c : c[0]; }
  function cellKey(c) {
    if (typeof c === "string") { return c; }
    return c[1] !== null ? c[1] : c[0];
  }
  var collator = new Intl.Collator(document.documentElement.lang || undefined);
  function compare(x, y, asc) {
    if (x === "" || y === "") { return x === y ? 0 : (x === "" ? 1 : -1); }
    var nx = Number(x), ny = Number(y);
    var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : collator.compare(x, y);
    return asc ? r : -r;
  }

  /* Tables whose rows are all in the page. */
  function domKey(row, idx) {
    var cell = row.cells[idx];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-v");
    return v !== null ? v : cell.textContent;
  }
  function DomTable(table) {
    this.body = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows);
    this.texts = null;
    this.total = this.rows.length;
  }
  DomTable.prototype.sort = function (idx, asc) {
    var body = this.body;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) { return compare(domKey(a, idx), domKey(b, idx), asc); });
    rows.forEach(function (r) { body.appendChild(r); });
  };
  DomTable.prototype.filter = function (words) {
    if (this.texts === null) {
      this.texts = this.rows.map(function (r) { return fold(r.textContent); });
    }
    var texts = this.texts, shown = 0;
    this.rows.forEach(function (r, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    return shown;
  };

  /* Long tables: every row as JSON, a page of them in the DOM. */
  function PagedTable(table, data, status) {
    this.body = table.tBodies[0];
    this.data = data;
    this.matches = data.map(function (_r, i) { return i; });
    this.order = this.matches.slice();
    this.texts = null;
    this.total = data.length;
    this.status = status;
    this.page = Number(status.getAttribute("data-page")) || 500;
    this.shown = Math.min(this.page, data.length);
  }
  PagedTable.prototype.more = function () {
    this.shown += this.page;
    this.render();
  };
  PagedTable.prototype.render = function () {
    var frag = document.createDocumentFragment();
    var n = Math.min(this.shown, this.matches.length);
    for (var i = 0; i < n; i += 1) {
      var tr = document.createElement("tr");
      this.data[this.matches[i]].forEach(function (c, j) {
        var td = document.createElement("td");
        td.textContent = cellText(c);
        if (typeof c !== "string") {
          if (c[1] !== null) { td.setAttribute("data-v", c[1]); }
          if (c[2]) { td.className = c[2]; }
        }
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    }
    this.body.replaceChildren(frag);
    var left = this.matches.length - n;
    this.status.querySelector("span").textContent = this.status.getAttribute("data-template")
      .replace("{shown}", n.toLocaleString(document.documentElement.lang))
      .replace("{total}", this.matches.length.toLocaleString(document.documentElement.lang));
    var button = this.status.querySelector("button");
    button.hidden = left <= 0;
    button.textContent = this.status.getAttribute("data-more")
      .replace("{n}", Math.min(this.page, left).toLocaleString(document.documentElement.lang));
  };
  PagedTable.prototype.sort = function (idx, asc) {
    var keys = this.data.map(function (r) { return cellKey(r[idx]); });
    this.order.sort(function (a, b) { return compare(keys[a], keys[b], asc) || a - b; });
    this.refilter();
  };
  PagedTable.prototype.refilter = function () {
    var words = this.words || [], texts = this.texts;
    this.matches = words.length ? this.order.filter(function (i) {
      return words.every(function (w) { return texts[i].indexOf(w) !== -1; });
    }) : this.order.slice();
    this.render();
  };
  PagedTable.prototype.index = function () {
    if (this.texts === null) {  /* one normalisation of every row at once, then split */
      this.texts = fold(this.data.map(function (r) {
        return r.map(cellText).join(" ").replace(/\u0001/g, " ");
      }).join("\u0001")).split("\u0001");
    }
  };
  PagedTable.prototype.filter = function (words) {
    this.index();
    this.words = words;
    this.shown = this.page;
    this.refilter();
    return this.matches.length;
  };

  function model(table) {
    if (!table.vlModel) {
      var data = document.getElementById("d-" + table.id);
      var status = document.querySelector('.paged[data-table="' + table.id + '"]');
      table.vlModel = data && status ? new PagedTable(table, JSON.parse(data.textContent), status)
        : new DomTable(table);
    }
    return table.vlModel;
  }
  /* The JSON is parsed at the first use (sort, filter, show more), not while the page loads. */
  var paged = [];
  document.querySelectorAll(".paged[data-table] button").forEach(function (button) {
    var table = document.getElementById(button.parentNode.getAttribute("data-table"));
    button.addEventListener("click", function () { model(table).more(); });
    paged.push(table);
  });
  /* ... or once the page is idle: parse and index one long table per idle slot. */
  function prepare() {
    var table = paged.shift();
    if (!table) { return; }
    model(table).index();
    (window.requestIdleCallback || window.setTimeout)(prepare);
  }
  window.addEventListener("load", function () {
    (window.requestIdleCallback || window.setTimeout)(prepare);
  });

  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.setAttribute("tabindex", "0");
    function sort() {
      var table = th.closest("table");
      var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      model(table).sort(idx, asc);
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
  document.querySelectorAll(".filter input[data-table]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    var output = input.parentNode.querySelector("output");
    var template = input.getAttribute("data-count") || "";
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var m = model(table);
      var shown = m.filter(words);
      output.textContent = words.length ? template.replace("{shown}", String(shown))
        .replace("{total}", String(m.total)) : "";
    }
    input.addEventListener("input", apply);
  });
  /* A chart or map wider than its box on a phone: its hint (« Faire défiler → ») and fading
     right edge while more lies to the right; none once it fits or is panned to its end. */
  var panned = Array.prototype.map.call(document.querySelectorAll(".pan-hint"), function (h) {
    return h.parentNode;
  });
  /* .overflows keeps the hint's line while the box is wider than the screen, .pans shows it
     (and fades the right edge) while more lies to the right: panned to its end, the hint goes
     invisible but keeps its place, so the page does not jump under the reader's thumb. */
  function pans(box) {
    var over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("overflows", over);
    box.classList.toggle("pans", over && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }
  panned.forEach(function (box) {
    box.addEventListener("scroll", function () { pans(box); }, {passive: true});
    pans(box);
  });
  function allPans() { panned.forEach(pans); }
  window.addEventListener("resize", allPans);
  document.addEventListener("toggle", allPans, true);  /* a map in a <details> just opened */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });
}());
