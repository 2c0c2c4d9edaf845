// Interactive checklists (markup made by camnang/render/checklist.py).
// Ticks are kept in localStorage under "camnang-checklist:<data-checklist id>".
(function () {
  "use strict";
  var PREFIX = "camnang-checklist:";

  function boxes(list) {
    return Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-item]"));
  }
  function fmt(value) {
    return String(Math.round(value * 100) / 100).replace(".", ",");
  }
  function load(id) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + id) || "[]"); } catch (e) { return []; }
  }
  function save(id, ticked) {
    try {
      if (ticked.length) window.localStorage.setItem(PREFIX + id, JSON.stringify(ticked));
      else window.localStorage.removeItem(PREFIX + id);
    } catch (e) { /* storage refused (private mode): ticks last until reload */ }
  }
  function score(list) {
    var all = boxes(list), done = 0, points = 0, scored = false;
    all.forEach(function (box) {
      if (box.hasAttribute("data-points")) scored = true;
      if (!box.checked) return;
      done += 1;
      points += parseFloat(box.getAttribute("data-points") || "0");
    });
    var text = done + "/" + all.length + " mục";
    var max = list.getAttribute("data-max-points");
    if (scored || max) text += " · " + fmt(points) + (max ? "/" + fmt(parseFloat(max)) : "") + " điểm";
    list.querySelector("[data-checklist-score]").textContent = text;
  }
  function update(list) {
    var ticked = boxes(list).filter(function (b) { return b.checked; })
      .map(function (b) { return b.getAttribute("data-item"); });
    save(list.getAttribute("data-checklist"), ticked);
    score(list);
  }
  function csvCell(text) {
    var value = String(text).replace(/\s+/g, " ").trim();
    // A cell starting with = + - @ is a formula to a spreadsheet, even quoted: keep it text.
    if (/^[=+\-@]/.test(value)) value = "'" + value;
    return '"' + value.replace(/"/g, '""') + '"';
  }
  function exportCsv(list, button) {
    var rows = [["Mục", "Đã đạt", "Điểm", "Nguồn"].map(csvCell).join(",")];
    boxes(list).forEach(function (box) {
      var label = list.querySelector('label[for="' + box.id + '"]');
      var item = box.closest("li");
      var source = item && item.querySelector(".cn-checklist-source");
      rows.push([label ? label.textContent : box.getAttribute("data-item"), box.checked ? "x" : "",
        box.getAttribute("data-points") || "", source ? source.textContent.replace(/^Nguồn:\s*/, "") : ""]
        .map(csvCell).join(","));
    });
    rows.push([csvCell("Tổng"), csvCell(list.querySelector("[data-checklist-score]").textContent)].join(","));
    var blob = new Blob(["\ufeff" + rows.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.getAttribute("data-filename") || list.getAttribute("data-checklist") + ".csv";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }
  function setup(list) {
    if (list.hasAttribute("data-checklist-ready")) return;
    list.setAttribute("data-checklist-ready", "");
    var saved = load(list.getAttribute("data-checklist"));
    boxes(list).forEach(function (box) {
      box.checked = saved.indexOf(box.getAttribute("data-item")) >= 0;
    });
    score(list);
    var tools = list.querySelector(".cn-checklist-tools");
    if (tools) tools.hidden = false;
  }
  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), setup);
  }
  document.addEventListener("change", function (event) {
    var list = event.target.closest && event.target.closest("[data-checklist]");
    if (list && event.target.matches("input[type=checkbox][data-item]")) update(list);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button");
    var list = button && button.closest("[data-checklist]");
    if (!list) return;
    if (button.hasAttribute("data-checklist-reset")) {
      boxes(list).forEach(function (box) { box.checked = false; });
      update(list);
      var first = boxes(list)[0];
      if (first) first.focus();
    } else if (button.hasAttribute("data-checklist-export")) {
      exportCsv(list, button);
    } else if (button.hasAttribute("data-checklist-print")) {
      window.print();
    }
  });
  // Material's instant navigation swaps pages without reloading; document$ tells us.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setupAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
