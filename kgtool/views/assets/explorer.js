/* kgtool explorer: a network view drawn with Cytoscape.js and the fcose force layout.
   Inlined into the page by kgtool/explorer.py after the vendored libraries; reads the JSON in
   #kg-data; makes no request. window.kgExplorer is the hook the browser test drives. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges, facts = data.facts;
  var $ = function (id) { return document.getElementById(id); };
  var FONT = 12;  // label size on screen (px), whatever the zoom
  var FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', " +
    "'WenQuanYi Micro Hei', sans-serif";
  var colour = {}, roleColour = {}, byId = {}, adj = [];
  data.classes.forEach(function (c) { colour[c.id] = c.colour; });
  (data.roles || []).forEach(function (r) { roleColour[r.id] = r.colour; });
  function normal(s) { return String(s || "").toLowerCase().replace(/\s+/g, " "); }
  nodes.forEach(function (n, i) {
    byId[n.id] = i; adj.push([]);
    n.search = normal([n.zh, n.en, n.szh, n.sen, n.id, n.curie].join(" "));
  });
  edges.forEach(function (e, k) { adj[e.s].push(k); if (e.t !== e.s) adj[e.t].push(k); });
  var state = { lang: "zh", selected: -1, hover: -1, doc: "", cls: "", jur: "", classOff: {},
                focus: false, matches: null, ready: false };

  function shortLabel(n) {  // a blank node shows its class
    return (state.lang === "zh" ? (n.szh || n.sen) : (n.sen || n.szh)) ||
      (n.id.lastIndexOf("_:", 0) === 0 ? "[" + (n.cls || "_") + "]" : n.curie);
  }
  function fullLabel(n) {
    return (state.lang === "zh" ? (n.zh || n.en) : (n.en || n.zh)) || n.curie;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // ------------------------------------------------------------------------ the graph
  var zoomNow = 1;
  var elements = [], big = nodes.length > 400;
  nodes.forEach(function (n, i) {
    elements.push({ group: "nodes", position: { x: n.x, y: n.y },
      data: { id: n.id, idx: i, label: shortLabel(n), colour: colour[n.cls] || "#999",
              size: big ? Math.min(36, 6 + 2 * Math.sqrt(n.deg)) : Math.min(56, 10 + 4 * Math.sqrt(n.deg)) } });
  });
  edges.forEach(function (e, k) {
    elements.push({ group: "edges",
      data: { id: "e" + k, idx: k, source: nodes[e.s].id, target: nodes[e.t].id,
              rel: e.role ? e.rel + (e.role !== e.rel ? " (" + e.role + ")" : "") : e.rel,
              colour: e.role ? roleColour[e.role] : "#a8a8a8", width: e.role ? 2.2 : 1 } });
  });
  function perZoom(px) { return function () { return px / zoomNow; }; }
  var cy = cytoscape({
    container: $("cy"), elements: elements, wheelSensitivity: 0.3, minZoom: 0.02, maxZoom: 8,
    layout: { name: "preset" }, boxSelectionEnabled: false, autoungrabify: false,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        "border-width": 1, "border-color": "#ffffff", label: "",
        "font-family": FAMILY, "font-size": perZoom(FONT), "text-valign": "bottom",
        "text-halign": "center", "text-margin-y": perZoom(2), color: "#222",
        "text-outline-color": "#ffffff", "text-outline-width": perZoom(2) } },
      { selector: "node.labelled", style: { label: "data(label)" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": "bezier",
        opacity: 0.6, "font-family": FAMILY, "font-size": perZoom(FONT - 2), color: "#444",
        "text-rotation": "autorotate", "text-outline-color": "#ffffff",
        "text-outline-width": perZoom(2) } },
      { selector: "edge.shown-rel", style: { label: "data(rel)", opacity: 1 } },
      { selector: "node.match", style: { "border-width": 3, "border-color": "#222222" } },
      { selector: "node.chosen", style: { "border-width": 4, "border-color": "#d62728" } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: ".gone", style: { display: "none" } }
    ]
  });

  // --------------------------------------------------------------- labels that never pile up
  /* 2: always labelled (selected, hovered, search matches); 1: first in line (neighbours of
     the selected node); 0: the others, biggest first. */
  function labelPriority() {
    var f = {};
    if (state.selected >= 0) {
      adj[state.selected].forEach(function (k) { f[edges[k].s] = 1; f[edges[k].t] = 1; });
      f[state.selected] = 2;
    }
    if (state.hover >= 0) f[state.hover] = 2;
    if (state.matches) state.matches.forEach(function (i) { f[i] = 2; });
    return f;
  }
  var LABEL_BOX = { includeNodes: false, includeEdges: false, includeLabels: true,
                    includeOverlays: false };
  /* Greedy, by priority then size: a label is drawn only where it overlaps no label drawn
     already (priority 2 always is). The boxes are Cytoscape.js's own: every candidate label
     is laid out once, measured, and the losers hidden again. */
  function placeLabels() {
    if (zoomNow !== cy.zoom()) { zoomNow = cy.zoom(); cy.style().update(); }  // constant px
    var prio = labelPriority(), w = cy.width(), h = cy.height(), boxes = [], show = {};
    var order = cy.nodes().filter(function (ele) {
      if (!ele.visible()) return false;
      var p = ele.renderedPosition();
      return p.x > -200 && p.x < w + 200 && p.y > -50 && p.y < h + 50 &&
        (prio[ele.data("idx")] || !ele.hasClass("faded"));
    });
    cy.batch(function () { cy.nodes().removeClass("labelled"); order.addClass("labelled"); });
    order = order.toArray();
    order.sort(function (a, b) {
      var pa = prio[a.data("idx")] || 0, pb = prio[b.data("idx")] || 0;
      return pb - pa || nodes[b.data("idx")].deg - nodes[a.data("idx")].deg ||
        (a.id() < b.id() ? -1 : 1);
    });
    order.forEach(function (ele) {
      var i = ele.data("idx"), box = ele.renderedBoundingBox(LABEL_BOX);
      if (prio[i] !== 2) {
        if (box.x2 < 0 || box.x1 > w || box.y2 < 0 || box.y1 > h) return;
        for (var b = 0; b < boxes.length; b++) {
          var o = boxes[b];
          if (box.x1 < o.x2 + 2 && o.x1 < box.x2 + 2 && box.y1 < o.y2 + 1 && o.y1 < box.y2 + 1) return;
        }
      }
      boxes.push(box); show[i] = 1;
    });
    cy.batch(function () {
      order.forEach(function (ele) { if (!show[ele.data("idx")]) ele.removeClass("labelled"); });
    });
  }
  var pending = null;
  function schedule() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = null; placeLabels(); });
  }
  cy.on("viewport", schedule);  // at most once a frame, however fast the wheel turns

  // ---------------------------------------------------------------- filters and search
  function inFocus() {
    if (!state.focus || state.selected < 0) return null;
    var keep = {}; keep[state.selected] = 1;
    adj[state.selected].forEach(function (k) { keep[edges[k].s] = 1; keep[edges[k].t] = 1; });
    return keep;
  }
  function computeVisible() {
    var keep = inFocus(), count = 0;
    cy.batch(function () {
      cy.nodes().forEach(function (ele) {
        var n = nodes[ele.data("idx")], i = ele.data("idx");
        var ok = !state.classOff[n.cls] && (!state.cls || n.cls === state.cls) &&
          (!state.doc || n.docs.indexOf(state.doc) >= 0) &&
          (!state.jur || n.jurs.indexOf(state.jur) >= 0) && (!keep || keep[i]);
        ele.toggleClass("gone", !ok); count += ok ? 1 : 0;
      });
    });
    $("visible-count").textContent = count;
    schedule();
    return count;
  }
  function fit() {
    var vis = cy.nodes().filter(function (ele) { return ele.visible(); });
    if (vis.length) cy.fit(vis, 30);
    zoomNow = cy.zoom(); cy.style().update(); schedule();
  }
  function highlight() {
    cy.batch(function () {
      cy.elements().removeClass("faded chosen shown-rel match");
      var sel = state.selected;
      if (state.matches && state.matches.length) {
        var m = {};
        state.matches.forEach(function (i) { m[i] = 1; });
        cy.nodes().forEach(function (ele) {
          ele.addClass(m[ele.data("idx")] ? "match" : "faded");
        });
        cy.edges().addClass("faded");
      }
      if (sel >= 0) {
        var node = cy.getElementById(nodes[sel].id), hood = node.closedNeighborhood();
        cy.elements().not(hood).addClass("faded");
        hood.removeClass("faded");
        node.addClass("chosen");
        node.connectedEdges().addClass("shown-rel");
      }
    });
    schedule();
  }
  function search(text) {
    var q = normal(text).trim();
    if (!q) { state.matches = null; $("match-count").textContent = ""; highlight(); return 0; }
    var found = [];
    nodes.forEach(function (n, i) { if (n.search.indexOf(q) >= 0) found.push(i); });
    state.matches = found;
    $("match-count").textContent = found.length + (state.lang === "zh" ? " 个匹配" : " found");
    highlight();
    var shown = cy.collection(found.map(function (i) { return cy.getElementById(nodes[i].id); }))
      .filter(function (ele) { return ele.visible(); });
    if (found.length === 1 && shown.length === 1) selectIndex(found[0], true);
    else if (shown.length) { cy.fit(shown, 60); zoomNow = cy.zoom(); cy.style().update(); }
    return found.length;
  }

  // ------------------------------------------------------------------------- side panel
  function link(i) {
    return '<a data-node="' + i + '" title="' + esc(nodes[i].id) + '">' + esc(fullLabel(nodes[i])) + "</a>";
  }
  function fmt(v) { return typeof v === "number" ? v.toLocaleString("en") : String(v); }
  function showPanel(i) {
    if (i < 0) { $("panel-body").hidden = true; $("panel-empty").hidden = false; return; }
    var n = nodes[i];
    $("panel-empty").hidden = true; $("panel-body").hidden = false;
    $("panel-title").textContent = fullLabel(n);
    $("panel-sub").textContent = n.curie;
    var rows = [["class", n.cls || "—"], ["label zh", n.zh], ["label en", n.en],
                ["short zh", n.szh], ["short en", n.sen], ["degree", n.deg]];
    Object.keys(n.props).forEach(function (k) { rows.push([k, n.props[k]]); });
    $("props").innerHTML = rows.filter(function (r) { return r[1] !== "" && r[1] !== null; }).map(function (r) {
      return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(fmt(r[1])) + "</td></tr>";
    }).join("");
    var items = adj[i].slice(0, 300).map(function (k) {
      var e = edges[k], out = e.s === i, other = out ? e.t : e.s;
      var extra = Object.keys(e.attrs).filter(function (a) {
        return a !== "role" && (a !== "weight" || e.attrs[a] !== 1);
      }).map(function (a) { return a + "=" + fmt(e.attrs[a]); }).join(", ");
      var swatch = e.role ? '<i class=role style="background:' + roleColour[e.role] + '"></i>' : "";
      return "<li>" + swatch + "<span class=rel>" + (out ? "→ " : "← ") + esc(e.rel) + "</span> " +
        link(other) + (extra ? ' <span class=rel>(' + esc(extra) + ")</span>" : "") + "</li>";
    });
    if (adj[i].length > 300) items.push('<li class=more>… ' + (adj[i].length - 300) + " more</li>");
    $("neighbours").innerHTML = items.join("");
    $("nb-count").textContent = "(" + adj[i].length + ")";
    var shown = n.facts.slice(0, 100);
    var qs = shown.map(function (fi) {
      var f = facts[fi], lab = state.lang === "zh" ? (f.zh || f.en) : (f.en || f.zh);
      return '<li class="quote"><blockquote>' + esc(f.quote) + "</blockquote>" +
        (f.simplified && f.simplified !== f.quote ? '<div class=src>简体: ' + esc(f.simplified) + "</div>" : "") +
        '<div class=src>' + esc(f.doc_number || f.doc || "") +
        (byId[f.id] === undefined ? (lab ? " · " + esc(lab) : "") : (byId[f.id] !== i ? " · " + link(byId[f.id]) : "")) +
        "</div></li>";
    });
    if (n.nfacts > shown.length) qs.push('<li class=more>… ' + (n.nfacts - shown.length) + " more facts</li>");
    $("quotes").innerHTML = qs.join("") || '<li class=more>no stated facts 无原文</li>';
    $("quote-count").textContent = "(" + n.nfacts + ")";
  }
  function selectIndex(i, centre) {
    state.selected = i;
    $("focus").disabled = i < 0;
    if (i < 0 && state.focus) { state.focus = false; computeVisible(); }
    highlight();
    if (i >= 0 && centre) {
      var node = cy.getElementById(nodes[i].id);
      if (cy.zoom() < 0.8) { cy.zoom(0.8); zoomNow = 0.8; cy.style().update(); }
      cy.center(node);
    }
    showPanel(i);
    return i >= 0;
  }

  // ------------------------------------------------------------------------------ events
  var tip = $("tooltip");
  cy.on("tap", "node", function (ev) { selectIndex(ev.target.data("idx"), false); });
  cy.on("tap", function (ev) { if (ev.target === cy) selectIndex(-1, false); });
  cy.on("mouseover", "node", function (ev) {
    var n = nodes[ev.target.data("idx")];
    state.hover = ev.target.data("idx");
    tip.hidden = false;
    tip.innerHTML = esc(fullLabel(n)) + '<br><span class=rel>' + esc(n.cls) + " · degree " + n.deg + "</span>";
    var p = ev.target.renderedPosition();
    tip.style.left = (p.x + 14) + "px"; tip.style.top = (p.y + 14) + "px";
    schedule();
  });
  cy.on("mouseout", "node", function () { state.hover = -1; tip.hidden = true; schedule(); });
  cy.on("mouseover", "edge", function (ev) { ev.target.addClass("shown-rel"); });
  cy.on("mouseout", "edge", function (ev) {
    var e = edges[ev.target.data("idx")];
    if (state.selected !== e.s && state.selected !== e.t) ev.target.removeClass("shown-rel");
  });
  $("panel").addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-node]");
    if (a) selectIndex(+a.getAttribute("data-node"), true);
  });
  var timer = null;
  $("search").addEventListener("input", function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { search(ev.target.value); }, 150);
  });
  function docText(d) { return (d.number ? d.number + " " : "") + (state.lang === "zh" ? (d.zh || d.en) : (d.en || d.zh)); }
  function jurText(j) { return state.lang === "zh" ? (j.zh || j.en || j.id) : (j.en || j.zh || j.id); }
  function fillSelect(sel, items, text) {
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it.id; o.textContent = text(it).slice(0, 80); sel.appendChild(o);
    });
  }
  function refreshSelects() {
    [["filter-doc", data.documents, docText], ["filter-jur", data.jurisdictions, jurText]].forEach(function (s) {
      Array.prototype.forEach.call($(s[0]).options, function (o, i) {
        if (i > 0) o.textContent = s[2](s[1][i - 1]).slice(0, 80);
      });
    });
  }
  function legend() {
    $("legend-classes").innerHTML = "";
    data.classes.slice(0, 40).forEach(function (c) {
      var d = document.createElement("div");
      d.innerHTML = '<i style="background:' + c.colour + '"></i>' + esc(c.id || "(none)") + " (" + c.count + ")";
      d.title = "click to hide/show 点击隐藏/显示";
      d.classList.toggle("off", !!state.classOff[c.id]);
      d.addEventListener("click", function () {
        state.classOff[c.id] = !state.classOff[c.id];
        d.classList.toggle("off", !!state.classOff[c.id]); computeVisible();
      });
      $("legend-classes").appendChild(d);
    });
    $("legend-roles").innerHTML = (data.roles || []).map(function (r) {
      return '<div class=edge-role><i class=role style="background:' + r.colour + '"></i>' +
        esc(state.lang === "zh" ? r.zh + " " + r.en : r.en + " " + r.zh) + " (" + r.count + ")</div>";
    }).join("");
  }
  function setLang(l) {
    state.lang = l === "en" ? "en" : "zh";
    cy.batch(function () {
      cy.nodes().forEach(function (ele) { ele.data("label", shortLabel(nodes[ele.data("idx")])); });
    });
    $("lang").textContent = state.lang === "zh" ? "中文 → EN" : "EN → 中文";
    document.documentElement.lang = state.lang === "zh" ? "zh-Hans" : "en";
    refreshSelects(); legend();
    if (state.selected >= 0) showPanel(state.selected);
    schedule();
    return state.lang;
  }
  $("lang").addEventListener("click", function () { setLang(state.lang === "zh" ? "en" : "zh"); });
  function setFilter(kind, value) {
    var key = { doc: "doc", "class": "cls", cls: "cls", jurisdiction: "jur", jur: "jur" }[kind];
    if (!key) throw new Error("unknown filter " + kind);
    state[key] = value || "";
    $({ doc: "filter-doc", cls: "filter-class", jur: "filter-jur" }[key]).value = state[key];
    var n = computeVisible(); fit(); return n;
  }
  function setFocus(on) {
    state.focus = !!on && state.selected >= 0;
    var n = computeVisible(); fit(); return n;
  }
  $("filter-doc").addEventListener("change", function (ev) { setFilter("doc", ev.target.value); });
  $("filter-class").addEventListener("change", function (ev) { setFilter("cls", ev.target.value); });
  $("filter-jur").addEventListener("change", function (ev) { setFilter("jur", ev.target.value); });
  $("focus").addEventListener("click", function () { setFocus(!state.focus); });
  $("reset").addEventListener("click", function () {
    state.classOff = {}; state.doc = state.cls = state.jur = ""; state.focus = false;
    ["filter-doc", "filter-class", "filter-jur"].forEach(function (id) { $(id).value = ""; });
    $("search").value = ""; state.matches = null; $("match-count").textContent = "";
    legend(); selectIndex(-1, false); computeVisible(); fit();
  });

  /* Overlapping pairs among the drawn node labels, measured by Cytoscape.js itself. */
  function labelOverlaps() {
    var boxes = cy.nodes(".labelled").filter(function (ele) { return ele.visible(); }).map(function (ele) {
      return ele.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true,
                                       includeOverlays: false });
    }), count = 0;
    for (var a = 0; a < boxes.length; a++) {
      for (var b = a + 1; b < boxes.length; b++) {
        var p = boxes[a], q = boxes[b];
        if (p.x1 < q.x2 - 1 && q.x1 < p.x2 - 1 && p.y1 < q.y2 - 1 && q.y1 < p.y2 - 1) count++;
      }
    }
    return count;
  }

  // -------------------------------------------------------------------------------- init
  fillSelect($("filter-doc"), data.documents, docText);
  fillSelect($("filter-class"), data.classes, function (c) { return (c.id || "(none)") + " (" + c.count + ")"; });
  fillSelect($("filter-jur"), data.jurisdictions, jurText);
  legend();
  window.kgExplorer = {
    cy: cy, nodeCount: nodes.length, edgeCount: edges.length, view: data.view, ready: false,
    selectNode: function (id) {  // null: clear the selection
      if (id === null) return selectIndex(-1, false);
      var i = byId[id]; return i === undefined ? false : selectIndex(i, true);
    },
    selected: function () { return state.selected >= 0 ? nodes[state.selected].id : null; },
    search: search, setLang: setLang, setFilter: setFilter, setFocus: setFocus, fit: fit,
    visibleCount: function () { return cy.nodes().filter(function (e) { return e.visible(); }).length; },
    visibleEdgeCount: function () { return cy.edges().filter(function (e) { return e.visible(); }).length; },
    label: function (id) { var e = cy.getElementById(id); return e.length ? e.data("label") : null; },
    labelled: function () { return cy.nodes(".labelled").map(function (e) { return e.id(); }); },
    labelOverlaps: labelOverlaps,
    placeLabels: placeLabels,
    screenPosition: function (id) {
      var e = cy.getElementById(id); if (!e.length) return null;
      var p = e.renderedPosition(), rect = $("cy").getBoundingClientRect();
      return { x: p.x + rect.left, y: p.y + rect.top };
    }
  };
  /* a seeded generator (mulberry32) stands in for Math.random while the layout runs (fcose
     draws random numbers, e.g. for nodes on the same spot): the same graph, the same picture. */
  function seeded(seed) {
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  var started = Date.now(), systemRandom = Math.random;
  function done() {
    Math.random = systemRandom;
    fit(); placeLabels();
    window.kgExplorer.layoutMs = Date.now() - started;
    window.kgExplorer.ready = true;
  }
  if (!nodes.length) { done(); return; }
  /* fcose refines the embedded Fruchterman–Reingold start (randomize: false); big views get
     fewer iterations (the full view: ~10 s on a slow machine). */
  var layout = cy.layout({ name: "fcose", randomize: false, animate: false, quality: "default",
    nodeRepulsion: 8000, idealEdgeLength: 70, nodeSeparation: 60,
    numIter: nodes.length > 400 ? 600 : 2500, fit: false, padding: 30 });
  layout.one("layoutstop", done);
  Math.random = seeded(20240518);
  try { layout.run(); } catch (err) { Math.random = systemRandom; throw err; }
})();
