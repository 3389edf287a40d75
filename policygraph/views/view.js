/* policygraph view script. Reads the graph from <script id="pg-data" type="application/json">,
 * draws it with vis-network (inlined above) and wires legend filters, search and the evidence panel.
 * Every piece of data reaches the page through textContent or vis's plain-text tooltips, never
 * innerHTML, so labels such as "<img onerror=…>" show literally. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pg-data").textContent);
  var view = (window.policygraphView = {
    data: data, drawn: false, stable: false, drawnMs: null, stableMs: null, errors: [], focused: null
  });
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  var typeByName = {};
  data.types.forEach(function (t) { typeByName[t.name] = t; });
  var relByName = {};
  data.relations.forEach(function (r) { relByName[r.name] = r; });

  // ---------------------------------------------------------------- notice
  if (data.notice) { $("pg-notice").textContent = data.notice; $("pg-notice").hidden = false; }

  // ---------------------------------------------------------------- vis data
  var groups = {};
  data.types.forEach(function (t) {
    groups[t.name] = {
      shape: t.shape, size: t.size,
      color: { background: t.color, border: shade(t.color, -0.35),
               highlight: { background: shade(t.color, 0.25), border: "#111" },
               hover: { background: shade(t.color, 0.15), border: "#111" } },
      // text inside a box needs no white halo (it would blur the white letters)
      font: t.shape === "box" ? { color: "#fff", size: 15, strokeWidth: 0 } : {}
    };
  });
  var idsByType = {};
  var visNodes = data.nodes.map(function (n) {
    (idsByType[n.type] = idsByType[n.type] || []).push(n.id);
    var v = { id: n.id, label: n.label, group: n.type, title: n.tip };
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    if (n.color) v.color = { background: n.color, border: shade(n.color, -0.35) };
    if (n.center) { v.borderWidth = 4; v.size = (typeByName[n.type] || {}).size * 1.6 || 16;
                    v.font = { size: 17, bold: true }; }
    return v;
  });
  var visEdges = data.edges.map(function (e, i) {
    var r = relByName[e[2]] || { zh: e[2], color: "#9a9a9a" };
    var tip = r.zh + " · " + e[2] + (e.length > 3 ? "\n得分 score: " + e[3] : "");
    return { id: i, from: e[0], to: e[1], title: tip,
             color: { color: r.color, highlight: "#222", hover: "#222", opacity: 0.7 } };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var big = visNodes.length > 3000;
  var physics = data.layout === "physics";
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: physics ? { enabled: true, solver: "forceAtlas2Based",
                         stabilization: { enabled: true, iterations: 400, updateInterval: 50 } }
                     : { enabled: false },
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, navigationButtons: false, keyboard: false },
    nodes: { font: { face: data.font, size: 14, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
             borderWidth: 1, shapeProperties: { interpolation: false } },
    edges: { smooth: false, width: 1, selectionWidth: 2, hoverWidth: 0.5,
             arrows: { to: { enabled: true, scaleFactor: 0.45 } } },
    groups: groups
  };
  var container = $("pg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  view.network = network; view.nodes = nodes; view.edges = edges;

  network.once("afterDrawing", function () {
    view.drawn = true;
    view.drawnMs = performance.now();  // ms since navigation start: parse + layout + first frame
    if (!physics) { view.stable = true; view.stableMs = view.drawnMs; }
    var loading = $("pg-loading");
    if (loading) loading.remove();
  });
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // stop moving once laid out
      view.stable = true; view.stableMs = performance.now();
    });
  }
  function fitAll(animation) {
    network.fit({ animation: animation });
    // fit() frames node centres; leave room for the labels hanging below and beside them
    network.moveTo({ scale: network.getScale() * 0.92, animation: animation });
  }
  view.fit = fitAll;
  if (!physics) fitAll(false);

  view.drawnNodeCount = function () { return network.body.nodeIndices.length; };
  view.visibleNodeCount = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  };

  // ---------------------------------------------------------------- legend
  var hiddenTypes = {};
  function setTypeVisible(name, visible) {
    hiddenTypes[name] = !visible;
    var box = document.querySelector('#pg-types input[data-type="' + cssEscape(name) + '"]');
    if (box) box.checked = visible;
    nodes.update((idsByType[name] || []).map(function (id) { return { id: id, hidden: !visible }; }));
  }
  view.setTypeVisible = setTypeVisible;
  data.types.forEach(function (t) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t.name;
    box.addEventListener("change", function () { setTypeVisible(t.name, box.checked); });
    var sw = el("span", "pg-swatch " + t.shape); sw.style.background = t.color;
    label.append(box, sw, el("span", null, t.zh + " " + t.name), el("span", "pg-count", t.count));
    li.append(label); $("pg-types").append(li);
  });
  data.relations.forEach(function (r) {
    var li = el("li"), line = el("span", "pg-line"); line.style.borderColor = r.color;
    li.append(line, el("span", null, r.zh + " " + r.name), el("span", "pg-count", r.count));
    $("pg-relations").append(li);
  });
  if (data.coverage.length) {
    $("pg-coverage").hidden = false; $("pg-coverage-title").hidden = false;
    data.coverage.forEach(function (c) {
      var li = el("li"), sw = el("span", "pg-swatch dot"); sw.style.background = c.color;
      li.append(sw, el("span", null, c.label)); $("pg-coverage").append(li);
    });
  }

  // ---------------------------------------------------------------- side panel
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && !value.length)) return;
    var dd = el("dd");
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    dl.append(el("dt", null, key), dd);
  }
  function neighbours(id) {
    var out = [];
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = data.edges[eid], other = e[0] === id ? e[1] : e[0];
      out.push({ other: other, rel: e[2], dir: e[0] === id ? "→" : "←" });
    });
    return out;
  }
  function showDetails(id) {
    var n = data.nodes[id], info = data.info[id], t = typeByName[n.type] || {};
    var body = $("pg-panel-body");
    body.replaceChildren();
    body.append(el("h2", null, info.label));
    var badge = el("span", "pg-badge", (t.zh || "") + " · " + n.type);
    badge.style.background = t.color || "#777";
    badge.style.color = light(t.color || "#777") ? "#1f2328" : "#fff";
    body.append(badge);
    if (info.description) body.append(el("p", "pg-desc", info.description));
    var dl = el("dl");
    if (info.status.length) {
      var st = el("span");
      info.status.forEach(function (s) {
        st.append(el("span", "pg-status" + (data.statusZh[s] ? " " + s : ""), (data.statusZh[s] || s) + " " + s));
      });
      row(dl, "状态 Status", st);
    }
    row(dl, "期限 Deadline", info.deadline);
    if (info.figures.length) {
      var ul = el("ul"); info.figures.forEach(function (f) { ul.append(el("li", null, f)); });
      row(dl, "数据 Figures", ul);
    }
    row(dl, "得分 Score", info.score);
    Object.keys(info.more || {}).forEach(function (k) { row(dl, k, info.more[k]); });
    row(dl, "IRI", info.iri);
    body.append(dl);
    body.append(el("h3", null, "证据 Evidence (" + info.evidence.length + ")"));
    if (!info.evidence.length) body.append(el("p", "pg-empty", "无 none"));
    info.evidence.forEach(function (ev) {
      var box = el("div", "pg-evidence");
      box.append(el("blockquote", null, ev.quote));
      var where = [];
      if (ev.source) where.push("来源 " + ev.source);
      if (ev.start !== "" || ev.end !== "") where.push("位置 " + ev.start + "–" + ev.end);
      if (where.length) box.append(el("div", "pg-source", where.join(" · ")));
      body.append(box);
    });
    var links = neighbours(id);
    body.append(el("h3", null, "关联 Links (" + links.length + ")"));
    var list = el("ul");
    links.slice(0, 200).forEach(function (l) {
      var li = el("li"), r = relByName[l.rel] || { zh: l.rel };
      var b = el("button", "pg-link", data.info[l.other].label);
      b.type = "button";
      b.addEventListener("click", function () { focusNode(l.other); });
      li.append(el("span", "pg-rel", l.dir + " " + r.zh + " "), b);
      list.append(li);
    });
    if (links.length > 200) list.append(el("li", "pg-empty", "… " + (links.length - 200)));
    body.append(list);
    $("pg-panel").hidden = false;
    view.panelFor = id;
  }
  view.showDetails = showDetails;
  $("pg-close").addEventListener("click", function () {
    $("pg-panel").hidden = true; view.panelFor = null; network.setSize("100%", "100%");
  });

  function focusNode(id) {
    var n = data.nodes[id];
    if (!n) return false;
    if (hiddenTypes[n.type]) setTypeVisible(n.type, true);  // a search must never land on nothing
    showDetails(id);
    network.selectNodes([id]);
    // the panel just narrowed the canvas: resize now (not at autoResize's next check) so the
    // node is centred in the area that is actually visible
    network.setSize("100%", "100%");
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350 } });
    view.focused = id;
    return true;
  }
  view.focusNode = focusNode;
  network.on("click", function (p) {
    if (p.nodes.length) { view.focused = p.nodes[0]; showDetails(p.nodes[0]); network.setSize("100%", "100%"); }
  });
  $("pg-fit").addEventListener("click", function () { fitAll(false); });

  // ---------------------------------------------------------------- search
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], starts = [], inside = [];
    for (var i = 0; i < data.info.length; i++) {
      var l = data.info[i].label.toLowerCase();
      if (l === q) exact.push(i);
      else if (l.indexOf(q) === 0) starts.push(i);
      else if (l.indexOf(q) > 0 || data.info[i].iri.toLowerCase() === q) inside.push(i);
    }
    return exact.concat(starts, inside);
  }
  var results = $("pg-results"), search = $("pg-search");
  function showResults(ids) {
    results.replaceChildren();
    ids.slice(0, 30).forEach(function (id, k) {
      var li = el("li"), t = typeByName[data.nodes[id].type] || {};
      li.setAttribute("role", "option");
      if (k === 0) li.className = "active";
      li.append(el("span", null, data.info[id].label), el("span", "pg-type", (t.zh || "") + " " + data.nodes[id].type));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(id); });
      results.append(li);
    });
    if (!ids.length && search.value.trim()) results.append(el("li", "pg-empty", "未找到 no match"));
    results.hidden = !results.childElementCount;
  }
  function pick(id) { results.hidden = true; focusNode(id); }
  search.addEventListener("input", function () { showResults(matches(search.value)); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var m = matches(search.value); if (m.length) pick(m[0]); }
    if (ev.key === "Escape") results.hidden = true;
  });
  search.addEventListener("blur", function () { results.hidden = true; });
  view.search = function (q) { var m = matches(q); if (m.length) focusNode(m[0]); return m; };

  // ---------------------------------------------------------------- helpers
  function shade(hex, amount) {  // amount < 0 darkens, > 0 lightens
    var c = parseInt(hex.slice(1), 16), out = [16, 8, 0].map(function (s) {
      var v = (c >> s) & 255;
      v = amount < 0 ? v * (1 + amount) : v + (255 - v) * amount;
      return Math.round(v);
    });
    return "#" + out.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("");
  }
  function light(hex) {  // relative luminance above ~0.55: dark text reads better
    var c = parseInt(hex.slice(1), 16);
    return (0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255)) / 255 > 0.6;
  }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/"/g, '\\"'); }
})();
