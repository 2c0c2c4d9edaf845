// Clause permalinks: a click copies the full address of the clause.
(function () {
  "use strict";
  function announce(text) {
    var box = document.createElement("div");
    box.className = "cn-thong-bao";
    box.setAttribute("role", "status");
    box.textContent = text;
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 1800);
  }
  document.addEventListener("click", function (event) {
    var anchor = event.target.closest && event.target.closest("a.cn-neo");
    if (!anchor || !navigator.clipboard) return;
    var url = new URL(anchor.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      announce("Đã chép liên kết tới mục này");
    }, function () { /* clipboard refused (file://, permissions): the link still works */ });
  });
})();
