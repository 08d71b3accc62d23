// kgtool workspace: small progressive enhancements (the pages work without them).
// - a click on a fact scrolls its quote into view in the source text and marks it;
// - parameter inputs with data-picker fill their datalist from /api/terms (same origin).
(function () {
  "use strict";
  function focusMark(anchor) {
    var el = document.getElementById(anchor);
    if (!el) { return; }
    var old = document.querySelectorAll("mark.focus");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("focus"); }
    var mark = el.tagName === "MARK" ? el : el.nextElementSibling;
    if (mark && mark.tagName === "MARK") { mark.classList.add("focus"); }
    el.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.fact-link");
    if (!link) { return; }
    ev.preventDefault();
    var anchor = link.getAttribute("data-anchor");
    history.replaceState(null, "", "#" + anchor);
    focusMark(anchor);
  });
  if (location.hash.length > 1) { focusMark(location.hash.slice(1)); }

  var inputs = document.querySelectorAll("input[data-picker]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    function fill() {
      var url = "/api/terms?kind=" + encodeURIComponent(input.getAttribute("data-picker")) +
                "&q=" + encodeURIComponent(input.value);
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (rows) {
        if (!Array.isArray(rows)) { return; }
        list.innerHTML = "";
        var zh = document.body.getAttribute("data-lang") === "zh";
        rows.forEach(function (row) {
          var opt = document.createElement("option");
          opt.value = row.term;
          opt.textContent = (zh ? (row.label_zh || row.label_en) : (row.label_en || row.label_zh)) || row.term;
          list.appendChild(opt);
        });
      }).catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fill, 200); });
    input.addEventListener("focus", fill);
  });
})();
