/* kgtool explorer: a small canvas renderer with pan/zoom, search, filters and a side panel.
   Inlined into the page by kgtool/explorer.py; reads the JSON in #kg-data; no network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges, facts = data.facts;
  var $ = function (id) { return document.getElementById(id); };
  var canvas = $("canvas"), ctx = canvas.getContext("2d"), stage = $("stage");
  var colour = {}, classOff = {}, byId = {}, adj = [];
  data.classes.forEach(function (c) { colour[c.id] = c.colour; });
  nodes.forEach(function (n, i) {
    byId[n.id] = i; adj.push([]);
    n.r = 3 + 1.8 * Math.sqrt(n.deg);
    n.search = (n.zh + " " + n.en + " " + n.id + " " + n.curie).toLowerCase();
  });
  edges.forEach(function (e, k) { adj[e.s].push(k); if (e.t !== e.s) adj[e.t].push(k); });
  var state = { lang: "zh", selected: -1, hover: -1, matches: null, visible: null,
                doc: "", cls: "", jur: "", scale: 1, tx: 0, ty: 0, dirty: true };

  function label(n) {
    var l = state.lang === "zh" ? (n.zh || n.en) : (n.en || n.zh);
    return l || n.curie;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // ---------------------------------------------------------------- filters and search
  function computeVisible() {
    var vis = new Uint8Array(nodes.length), count = 0;
    nodes.forEach(function (n, i) {
      var ok = !classOff[n.cls] && (!state.cls || n.cls === state.cls) &&
        (!state.doc || n.docs.indexOf(state.doc) >= 0) &&
        (!state.jur || n.jurs.indexOf(state.jur) >= 0);
      vis[i] = ok ? 1 : 0; count += vis[i];
    });
    state.visible = vis;
    $("visible-count").textContent = count;
    state.dirty = true;
    return count;
  }
  function search(text) {
    var q = (text || "").trim().toLowerCase();
    if (!q) { state.matches = null; state.dirty = true; return 0; }
    var m = new Uint8Array(nodes.length), count = 0, first = -1;
    nodes.forEach(function (n, i) {
      if (n.search.indexOf(q) >= 0) { m[i] = 1; count++; if (first < 0 && state.visible[i]) first = i; }
    });
    state.matches = m; state.dirty = true;
    if (count === 1 && first >= 0) selectIndex(first, true);
    else if (first >= 0) centreOn(first);
    return count;
  }
  function fillSelect(sel, items, text) {
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it.id; o.textContent = text(it); sel.appendChild(o);
    });
  }
  function docText(d) { return (d.number ? d.number + " " : "") + (state.lang === "zh" ? (d.zh || d.en) : (d.en || d.zh)); }
  function jurText(j) { return state.lang === "zh" ? (j.zh || j.en || j.id) : (j.en || j.zh || j.id); }
  function refreshSelects() {
    [["filter-doc", data.documents, docText], ["filter-jur", data.jurisdictions, jurText]].forEach(function (s) {
      var sel = $(s[0]);
      Array.prototype.forEach.call(sel.options, function (o, i) {
        if (i > 0) o.textContent = s[2](s[1][i - 1]).slice(0, 80);
      });
    });
  }

  // ---------------------------------------------------------------------- view transform
  function size() {
    var dpr = window.devicePixelRatio || 1, w = stage.clientWidth, h = stage.clientHeight;
    canvas.width = Math.max(1, Math.round(w * dpr)); canvas.height = Math.max(1, Math.round(h * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    state.dirty = true;
  }
  function fit() {
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity, any = false;
    nodes.forEach(function (n, i) {
      if (state.visible && !state.visible[i]) return;
      any = true;
      minx = Math.min(minx, n.x); maxx = Math.max(maxx, n.x);
      miny = Math.min(miny, n.y); maxy = Math.max(maxy, n.y);
    });
    var w = stage.clientWidth || 800, h = stage.clientHeight || 600;
    if (!any) { state.scale = 1; state.tx = w / 2; state.ty = h / 2; state.dirty = true; return; }
    var s = Math.min((w - 60) / Math.max(1, maxx - minx), (h - 60) / Math.max(1, maxy - miny));
    state.scale = Math.min(Math.max(s, 0.02), 4);
    state.tx = w / 2 - state.scale * (minx + maxx) / 2;
    state.ty = h / 2 - state.scale * (miny + maxy) / 2;
    state.dirty = true;
  }
  function toScreen(n) { return { x: n.x * state.scale + state.tx, y: n.y * state.scale + state.ty }; }
  function radius(n) { return n.r * Math.min(3, Math.max(0.45, Math.sqrt(state.scale))); }
  function centreOn(i) {
    var n = nodes[i], w = stage.clientWidth, h = stage.clientHeight;
    if (state.scale < 0.8) state.scale = 0.8;
    state.tx = w / 2 - n.x * state.scale; state.ty = h / 2 - n.y * state.scale; state.dirty = true;
  }
  function nodeAt(px, py) {
    var best = -1, bestD = Infinity;
    nodes.forEach(function (n, i) {
      if (!state.visible[i]) return;
      var p = toScreen(n), dx = p.x - px, dy = p.y - py, d = dx * dx + dy * dy, r = radius(n) + 4;
      if (d <= r * r && d < bestD) { best = i; bestD = d; }
    });
    return best;
  }

  // ----------------------------------------------------------------------------- drawing
  function draw() {
    state.dirty = false;
    var w = stage.clientWidth, h = stage.clientHeight, vis = state.visible, sel = state.selected;
    ctx.clearRect(0, 0, w, h);
    var near = {};
    if (sel >= 0) adj[sel].forEach(function (k) { near[edges[k].s] = 1; near[edges[k].t] = 1; });
    ctx.lineWidth = 1;
    ctx.strokeStyle = sel >= 0 ? "rgba(120,120,120,0.12)" : "rgba(120,120,120,0.35)";
    ctx.beginPath();
    edges.forEach(function (e) {
      if (!vis[e.s] || !vis[e.t]) return;
      var a = toScreen(nodes[e.s]), b = toScreen(nodes[e.t]);
      ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
    });
    ctx.stroke();
    if (sel >= 0) {
      ctx.strokeStyle = "rgba(230,90,40,0.85)"; ctx.lineWidth = 1.6; ctx.beginPath();
      adj[sel].forEach(function (k) {
        var e = edges[k]; if (!vis[e.s] || !vis[e.t]) return;
        var a = toScreen(nodes[e.s]), b = toScreen(nodes[e.t]);
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
      });
      ctx.stroke();
    }
    var order = [];
    nodes.forEach(function (n, i) { if (vis[i]) order.push(i); });
    order.sort(function (a, b) { return nodes[a].deg - nodes[b].deg; });
    order.forEach(function (i) {
      var n = nodes[i], p = toScreen(n), r = radius(n);
      if (p.x < -r || p.y < -r || p.x > w + r || p.y > h + r) return;
      var dim = (sel >= 0 && i !== sel && !near[i]) || (state.matches && !state.matches[i]);
      ctx.globalAlpha = dim ? 0.25 : 1;
      ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = colour[n.cls] || "#999"; ctx.fill();
      if (i === sel || (state.matches && state.matches[i])) {
        ctx.lineWidth = 2.5; ctx.strokeStyle = i === sel ? "#d62728" : "#222"; ctx.stroke();
      } else { ctx.lineWidth = 0.7; ctx.strokeStyle = "#fff"; ctx.stroke(); }
    });
    ctx.globalAlpha = 1;
    drawLabels(order.reverse(), near);
  }
  function drawLabels(order, near) {
    // Greedy: big nodes first; skip a label overlapping one already drawn (grid of cells).
    var taken = {}, cell = 14, sel = state.selected, budget = 400;
    ctx.font = "12px 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
    ctx.textBaseline = "middle";
    var must = order.filter(function (i) { return i === sel || near[i] || (state.matches && state.matches[i]); });
    var rest = order.filter(function (i) { return !(i === sel || near[i] || (state.matches && state.matches[i])); });
    must.concat(rest).forEach(function (i, k) {
      if (budget <= 0) return;
      var n = nodes[i], p = toScreen(n), r = radius(n), forced = k < must.length;
      if (!forced && (r < 5 || (sel >= 0))) return;
      if (p.x < 0 || p.y < 0 || p.x > stage.clientWidth || p.y > stage.clientHeight) return;
      var text = label(n); if (text.length > 28) text = text.slice(0, 27) + "…";
      var tw = ctx.measureText(text).width, x0 = p.x + r + 3, y0 = p.y;
      var c0 = Math.floor(x0 / cell), c1 = Math.floor((x0 + tw) / cell), row = Math.floor(y0 / cell);
      if (!forced) for (var c = c0; c <= c1; c++) if (taken[row + ":" + c]) return;
      for (var c2 = c0; c2 <= c1; c2++) taken[row + ":" + c2] = 1;
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(text, x0, y0);
      ctx.fillStyle = "#222"; ctx.fillText(text, x0, y0);
      budget--;
    });
  }
  function loop() { if (state.dirty) draw(); window.requestAnimationFrame(loop); }

  // ------------------------------------------------------------------------- side panel
  function link(i) {
    return '<a data-node="' + i + '" title="' + esc(nodes[i].id) + '">' + esc(label(nodes[i])) + "</a>";
  }
  function fmt(v) { return typeof v === "number" ? v.toLocaleString("en") : String(v); }
  function showPanel(i) {
    if (i < 0) { $("panel-body").hidden = true; $("panel-empty").hidden = false; return; }
    var n = nodes[i];
    $("panel-empty").hidden = true; $("panel-body").hidden = false;
    $("panel-title").textContent = label(n);
    $("panel-sub").textContent = n.curie;
    var rows = [["class", n.cls || "—"], ["label zh", n.zh], ["label en", n.en], ["degree", n.deg]];
    Object.keys(n.props).forEach(function (k) { rows.push([k, n.props[k]]); });
    $("props").innerHTML = rows.filter(function (r) { return r[1] !== "" && r[1] !== null; }).map(function (r) {
      return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(fmt(r[1])) + "</td></tr>";
    }).join("");
    var items = adj[i].slice(0, 300).map(function (k) {
      var e = edges[k], out = e.s === i, other = out ? e.t : e.s;
      var extra = Object.keys(e.attrs).filter(function (a) { return a !== "weight" || e.attrs[a] !== 1; })
        .map(function (a) { return a + "=" + fmt(e.attrs[a]); }).join(", ");
      return "<li><span class=rel>" + (out ? "→ " : "← ") + esc(e.rel) + "</span> " + link(other) +
        (extra ? ' <span class=rel>(' + esc(extra) + ")</span>" : "") + "</li>";
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
    $("quotes").innerHTML = qs.join("") || '<li class=more>no stated facts</li>';
    $("quote-count").textContent = "(" + n.nfacts + ")";
  }
  function selectIndex(i, centre) {
    state.selected = i; state.dirty = true;
    if (i >= 0 && centre) centreOn(i);
    showPanel(i);
    return i >= 0;
  }

  // ------------------------------------------------------------------------------ events
  var drag = null;
  canvas.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, tx: state.tx, ty: state.ty, moved: false };
    canvas.classList.add("dragging");
  });
  window.addEventListener("mouseup", function (ev) {
    if (!drag) return;
    canvas.classList.remove("dragging");
    if (!drag.moved) {
      var rect = canvas.getBoundingClientRect();
      selectIndex(nodeAt(ev.clientX - rect.left, ev.clientY - rect.top), false);
    }
    drag = null;
  });
  window.addEventListener("mousemove", function (ev) {
    var rect = canvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
    if (drag) {
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      state.tx = drag.tx + dx; state.ty = drag.ty + dy; state.dirty = true; return;
    }
    if (px < 0 || py < 0 || px > rect.width || py > rect.height) return;
    var i = nodeAt(px, py), tip = $("tooltip");
    if (i !== state.hover) {
      state.hover = i;
      if (i < 0) tip.hidden = true;
      else {
        tip.hidden = false;
        tip.innerHTML = esc(label(nodes[i])) + '<br><span style="color:#777">' + esc(nodes[i].cls) +
          " · degree " + nodes[i].deg + "</span>";
      }
    }
    if (i >= 0) { tip.style.left = (px + 12) + "px"; tip.style.top = (py + 12) + "px"; }
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = canvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
    var f = Math.exp(-ev.deltaY * 0.0015), s = Math.min(Math.max(state.scale * f, 0.01), 20);
    f = s / state.scale;
    state.tx = px - (px - state.tx) * f; state.ty = py - (py - state.ty) * f; state.scale = s;
    state.dirty = true;
  }, { passive: false });
  $("panel").addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-node]");
    if (a) selectIndex(+a.getAttribute("data-node"), true);
  });
  var timer = null;
  $("search").addEventListener("input", function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { search(ev.target.value); }, 150);
  });
  function setLang(l) {
    state.lang = l === "en" ? "en" : "zh"; state.dirty = true;
    refreshSelects(); if (state.selected >= 0) showPanel(state.selected);
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
  $("filter-doc").addEventListener("change", function (ev) { setFilter("doc", ev.target.value); });
  $("filter-class").addEventListener("change", function (ev) { setFilter("cls", ev.target.value); });
  $("filter-jur").addEventListener("change", function (ev) { setFilter("jur", ev.target.value); });
  $("reset").addEventListener("click", function () {
    classOff = {}; state.doc = state.cls = state.jur = "";
    ["filter-doc", "filter-class", "filter-jur"].forEach(function (id) { $(id).value = ""; });
    $("search").value = ""; state.matches = null;
    Array.prototype.forEach.call($("legend").children, function (d) { d.classList.remove("off"); });
    computeVisible(); fit();
  });
  window.addEventListener("resize", function () { size(); });

  // -------------------------------------------------------------------------------- init
  fillSelect($("filter-doc"), data.documents, docText);
  fillSelect($("filter-class"), data.classes, function (c) { return (c.id || "(none)") + " (" + c.count + ")"; });
  fillSelect($("filter-jur"), data.jurisdictions, jurText);
  data.classes.slice(0, 40).forEach(function (c) {
    var d = document.createElement("div");
    d.innerHTML = '<i style="background:' + c.colour + '"></i>' + esc(c.id || "(none)") + " (" + c.count + ")";
    d.title = "click to hide/show";
    d.addEventListener("click", function () {
      classOff[c.id] = !classOff[c.id]; d.classList.toggle("off", !!classOff[c.id]); computeVisible();
    });
    $("legend").appendChild(d);
  });
  $("node-count").textContent = nodes.length;
  size(); computeVisible(); fit(); draw();
  window.requestAnimationFrame(loop);

  window.kgExplorer = {
    nodeCount: nodes.length,
    edgeCount: edges.length,
    view: data.view,
    ready: true,
    selectNode: function (id) { var i = byId[id]; return i === undefined ? false : selectIndex(i, true); },
    selected: function () { return state.selected >= 0 ? nodes[state.selected].id : null; },
    search: search,
    setLang: setLang,
    setFilter: setFilter,
    visibleCount: function () { var c = 0; state.visible.forEach(function (v) { c += v; }); return c; },
    screenPosition: function (id) {
      var i = byId[id]; if (i === undefined) return null;
      var p = toScreen(nodes[i]), rect = canvas.getBoundingClientRect();
      return { x: p.x + rect.left, y: p.y + rect.top };
    },
    fit: fit,
    redraw: draw
  };
})();
