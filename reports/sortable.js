/* vendorlock: click a column header to sort the table (numbers and dates by their raw value);
   type in the box above a table to keep the rows containing every word typed (accents and
   case ignored). Printing opens every <details> and shows every row. No network, no library. */
(function () {
  "use strict";
  function key(row, idx) {
    var cell = row.cells[idx];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-v");
    return v !== null ? v : cell.textContent;
  }
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.setAttribute("tabindex", "0");
    function sort() {
      var table = th.closest("table");
      var body = table.tBodies[0];
      var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, idx), y = key(b, idx);
        if (x === "" || y === "") { return x === y ? 0 : (x === "" ? 1 : -1); }
        var nx = Number(x), ny = Number(y);
        var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
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
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = null;
    function apply() {
      if (texts === null) { texts = rows.map(function (r) { return fold(r.textContent); }); }
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      output.textContent = words.length ? template.replace("{shown}", String(shown))
        .replace("{total}", String(rows.length)) : "";
    }
    input.addEventListener("input", apply);
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });
}());
