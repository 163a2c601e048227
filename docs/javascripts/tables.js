/* jpdx: an indicator's table of every place, from the data script beside its page (which
   queues its script element and its data in window.jpdxTables; this file loads after it). Sort by a heading, filter by typing.
   No library and no request: it works in the site opened from disk. */
function jpdxTable(script, data) {
  "use strict";
  var holder = script.previousElementSibling;
  var C = {code: 0, name: 1, prefecture: 2, date: 3, value: 4, answer: 5, answerEn: 6,
           source: 7, row: 8, column: 9, pointer: 10};
  var numeric = !data.answers;  // a yes/no answer has a value (1 or 0) too: show its label
  var headings = ["place 団体", "prefecture 都道府県", "as of 時点",
                  numeric ? "value 値" + (data.unit ? " (" + data.unit + ")" : "") : "answer 回答",
                  "cited cell 出典セル"];
  var format = new Intl.NumberFormat("en", {maximumFractionDigits: 6});
  var shown = data.rows.slice();
  var sortBy = null, descending = false;

  var filter = document.createElement("input");
  filter.type = "search";
  filter.placeholder = "Filter 絞り込み (name, prefecture, value)";
  filter.className = "jpdx-filter";
  filter.setAttribute("aria-label", "Filter the table");
  var count = document.createElement("span");
  count.className = "jpdx-count";
  var wrapper = document.createElement("div");
  wrapper.className = "jpdx-scroll";
  var table = document.createElement("table");
  table.className = "jpdx-data";
  var head = table.createTHead().insertRow();
  headings.forEach(function (text, i) {
    var th = document.createElement("th");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", function () { sort(i); });
    th.appendChild(button);
    if (i === 3) th.className = "jpdx-num";
    head.appendChild(th);
  });
  var body = table.createTBody();
  wrapper.appendChild(table);
  holder.appendChild(filter);
  holder.appendChild(count);
  holder.appendChild(wrapper);

  function key(row, i) {
    if (i === 0) return row[C.name];
    if (i === 1) return row[C.code];
    if (i === 2) return row[C.date] || "";
    if (i === 3) return numeric ? row[C.value] : row[C.answer];
    return data.sources[row[C.source]] + " " + String(row[C.row]).padStart(8, "0");
  }
  function sort(i) {
    descending = sortBy === i ? !descending : i === 3 && numeric;
    sortBy = i;
    shown.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === null || x === "") return 1;  // empty cells last, either way
      if (y === null || y === "") return -1;
      var order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    Array.prototype.forEach.call(head.cells, function (th, j) {
      th.setAttribute("aria-sort", j === i ? (descending ? "descending" : "ascending") : "none");
    });
    render();
  }
  function cell(tr, text, className) {
    var td = tr.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }
  function render() {
    var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    body.textContent = "";
    var n = 0;
    shown.forEach(function (row) {
      var value = row[C.value] === null ? "" : format.format(row[C.value]);
      var answer = row[C.answer] ? row[C.answer] + " " + row[C.answerEn] : "";
      var text = [row[C.name], row[C.code], row[C.prefecture], value, answer].join(" ").toLowerCase();
      if (!words.every(function (w) { return text.indexOf(w) >= 0; })) return;
      n += 1;
      var tr = body.insertRow();
      var place = tr.insertCell();
      var link = document.createElement("a");
      link.href = data.places + row[C.code] + ".html";
      link.textContent = row[C.name];
      place.appendChild(link);
      cell(tr, row[C.prefecture]);
      cell(tr, row[C.date] || "");
      if (numeric) cell(tr, value, "jpdx-num");
      else cell(tr, answer);
      var cited = tr.insertCell();
      var source = document.createElement("a");
      var file = data.sources[row[C.source]];
      source.href = data.dataset + "#" + file;
      var at = row[C.row] !== null ? "record " + row[C.row] + ", field " + row[C.column]
        : row[C.pointer] !== null ? "JSON " + row[C.pointer] : "file";
      source.textContent = row[C.row] !== null ? "r" + row[C.row] + " c" + row[C.column]
        : row[C.pointer] !== null ? row[C.pointer] : file;
      source.title = file + ": " + at;
      cited.appendChild(source);
    });
    count.textContent = n.toLocaleString("en") + " of " + data.rows.length.toLocaleString("en") + " places";
  }
  filter.addEventListener("input", render);
  render();
}

(window.jpdxTables || []).forEach(function (table) { jpdxTable(table[0], table[1]); });
