/* policygraph view script. Reads the graph from <script id="pg-data" type="application/json">,
 * draws it with vis-network (inlined above) and wires the legend filters, search, chapter folding
 * and the evidence panel. Every piece of data reaches the page through textContent or vis's
 * plain-text tooltips, never innerHTML, so labels such as "<img onerror=…>" show literally.
 *
 * Signals for tests and scripts (the page's CSP forbids eval, so they cannot poll a function):
 * <body data-pg-drawn="1"> once the first frame is drawn and the layout is stable, and
 * data-pg-frame="N" counting the frames drawn since. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pg-data").textContent);
  var view = (window.policygraphView = {
    data: data, drawn: false, stable: false, drawnMs: null, stableMs: null, errors: [], focused: null,
    panelFor: null, edgePanelFor: null, frames: 0
  });
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  var MIN_LABEL_PX = 11, OPEN_SCALE = 0.85, MAX_OPEN_SCALE = 1.3, LOD_PX = 9;

  var typeByName = {}, relByName = {};
  data.types.forEach(function (t) { typeByName[t.name] = t; });
  data.relations.forEach(function (r) { relByName[r.name] = r; });
  function rel(name) { return relByName[name] || { name: name, zh: name, color: "#9a9a9a", group: "link" }; }
  function typeZh(name) { return (typeByName[name] || {}).zh || name; }

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
      font: t.shape === "box" ? { color: "#fff", size: t.font, strokeWidth: 0 } : { size: t.font }
    };
  });
  var idsByType = {};
  var visNodes = data.nodes.map(function (n) {
    (idsByType[n.type] = idsByType[n.type] || []).push(n.id);
    var t = typeByName[n.type] || {};
    // the label's size per node: vis lets the global nodes.font win over a group's size
    var v = { id: n.id, label: n.label, group: n.type, title: n.tip,
              font: t.shape === "box" ? { size: t.font || 14, color: "#fff", strokeWidth: 0 } : { size: t.font || 14 } };
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    if (n.color) {  // coverage colour: kept when selected or hovered, only the border changes
      var c = { background: n.color, border: shade(n.color, -0.35) };
      v.color = { background: c.background, border: c.border,
                  highlight: { background: n.color, border: "#111" }, hover: { background: n.color, border: "#111" } };
    }
    if (n.center) {
      v.borderWidth = 4; v.size = ((typeByName[n.type] || {}).size || 10) * 1.6;
      v.font = { size: Math.max(17, t.font || 14), bold: true, color: v.font.color, strokeWidth: v.font.strokeWidth };
    }
    return v;
  });
  var visEdges = data.edges.map(function (e, i) {
    var r = rel(e[2]), x = e[3] || {};
    var tip = r.zh + " · " + e[2] + "\n" + data.info[e[0]].label + " → " + data.info[e[1]].label +
              (x.score !== undefined ? "\n得分 score " + x.score + (x.rank !== undefined ? " · 排名 rank " + x.rank : "") : "") +
              "\n点击查看证据 click for its evidence";
    return { id: i, from: e[0], to: e[1], title: tip, hidden: !!r.hidden,
             dashes: r.dashes === "dash" ? [6, 4] : r.dashes === "dot" ? [2, 3] : false,
             width: r.group === "link" ? 1.4 : 1,
             color: { color: r.color, highlight: "#222", hover: "#222", opacity: r.group === "link" ? 0.85 : 0.6 } };
  });
  var coverageGroups = data.groups || [];
  var groupOf = {};
  coverageGroups.forEach(function (g, k) {
    if (g.chapter !== null && g.chapter !== undefined) groupOf[g.chapter] = k;
    g.items.forEach(function (id) { groupOf[id] = k; });
  });
  var folded = {};
  coverageGroups.forEach(function (g, k) { if (!g.open) folded[k] = true; });
  if (data.kind === "coverage" && data.nodes.length && data.nodes[0].x === undefined && data.layout === "layered") {
    coverageLayout(visNodes);
    visNodes.forEach(function (v) {  // folded chapters start with their articles hidden
      var k = groupOf[v.id];
      if ((k !== undefined && folded[k] && v.id !== coverageGroups[k].chapter) || v.hiddenByFold) v.hidden = true;
    });
  }
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
                   multiselect: false, navigationButtons: false, keyboard: false, selectConnectedEdges: true },
    nodes: { font: { face: data.font, size: 14, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
             borderWidth: 1, borderWidthSelected: 3, shapeProperties: { interpolation: false },
             // level of detail: a label smaller than LOD_PX on screen is not drawn, so zoomed out
             // only the larger labels (regulations, chapters) remain
             scaling: { label: { enabled: false, drawThreshold: LOD_PX + 1, maxVisible: 30 } } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 0.5,
             arrows: { to: { enabled: true, scaleFactor: 0.45 } } },
    groups: groups
  };
  var container = $("pg-graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  view.network = network; view.nodes = nodes; view.edges = edges;
  if (coverageGroups.length) network.on("beforeDrawing", drawBlocks);
  function drawBlocks(ctx) {  // a light box behind each chapter and its articles
    coverageGroups.forEach(function (g, k) {
      var ids = (g.chapter !== null && g.chapter !== undefined ? [g.chapter] : []).concat(folded[k] ? [] : g.items);
      var box = null;
      ids.forEach(function (id) {
        var n = network.body.nodes[id];
        if (n && !n.options.hidden) box = union(box, { x0: n.x - 60, x1: n.x + 60, y0: n.y - 22, y1: n.y + 34 });
      });
      if (!box) return;
      ctx.fillStyle = k % 2 ? "#f6f3ea" : "#eef3f8";
      ctx.fillRect(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    });
  }

  network.on("afterDrawing", function () {
    view.frames += 1;
    document.body.dataset.pgFrame = String(view.frames);
  });
  network.on("animationFinished", function () {  // a focus or fit has come to rest
    document.body.dataset.pgMoves = String(Number(document.body.dataset.pgMoves || 0) + 1);
  });
  network.once("afterDrawing", function () {
    view.drawn = true;
    view.drawnMs = performance.now();  // ms since navigation start: parse + layout + first frame
    var loading = $("pg-loading");
    if (loading) loading.remove();
    if (!physics) markStable();
  });
  function markStable() {
    view.stable = true; view.stableMs = performance.now();
    document.body.dataset.pgDrawn = "1";
  }
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // stop moving once laid out
      openingView();
      markStable();
    });
  }
  function fitAll(animation) {
    network.fit({ animation: animation });
    // fit() frames node centres; leave room for the labels hanging below and beside them
    network.moveTo({ scale: network.getScale() * 0.92, animation: animation });
  }
  view.fit = fitAll;

  // ---------------------------------------------------------------- opening view
  /* Open at a scale where every label is at least MIN_LABEL_PX on screen. When the whole picture
   * fits at that scale it is shown whole; otherwise the window at that scale that holds the most
   * of the most important nodes (data.order: the center and its neighbours by distance, or
   * structure and the most implemented articles with their measures), weighted by rank. */
  function extent(id, p) {  // a node with its label: half width, height above and below
    var n = data.nodes[id], t = typeByName[n.type] || {}, font = n.center ? 17 : (t.font || 14);
    var lines = String(n.label || "").split("\n"), chars = Math.max.apply(null, lines.map(function (l) { return l.length; }));
    var half = Math.max(t.size || 10, chars * font / 2) + 12, below = (t.size || 10) + lines.length * font * 1.25 + 10;
    if (t.shape === "box") below = lines.length * font * 0.7 + 14;
    return { x0: p.x - half, x1: p.x + half, y0: p.y - (t.size || 10) - 14, y1: p.y + below };
  }
  function union(a, b) {
    return a ? { x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1) } : b;
  }
  function openingView() {
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    var order = (data.order && data.order.length ? data.order : data.nodes.map(function (n) { return n.id; }))
      .filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
    if (!order.length) return;
    var pos = network.getPositions(order), boxes = order.map(function (id) { return extent(id, pos[id]); });
    var all = boxes.reduce(union, null);
    var fit = Math.min(w / (all.x1 - all.x0), h / (all.y1 - all.y0));
    var scale = Math.min(Math.max(fit, OPEN_SCALE), MAX_OPEN_SCALE), centre = { x: (all.x0 + all.x1) / 2, y: (all.y0 + all.y1) / 2 };
    if (fit < OPEN_SCALE) centre = anchorWindow(order, boxes, w / scale, h / scale, all);
    network.moveTo({ position: centre, scale: scale, animation: false });
    view.openScale = scale;
  }
  /* The window centred on the anchor nodes (data.anchor: the node the view is about, the
   * measures of an overview, the top of a coverage list), kept inside the picture so no screen
   * space is spent on empty margin. */
  function anchorWindow(order, boxes, ww, wh, all) {
    var at = {};
    order.forEach(function (id, i) { at[id] = boxes[i]; });
    var anchor = (data.anchor || []).filter(function (id) { return at[id]; });
    if (!anchor.length) anchor = order.slice(0, 1);
    var box = anchor.map(function (id) { return at[id]; }).reduce(union, null);
    var cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
    if (box.x1 - box.x0 > ww || box.y1 - box.y0 > wh) {  // more than fits: around their middle
      cx = anchor.reduce(function (a, id) { return a + (at[id].x0 + at[id].x1) / 2; }, 0) / anchor.length;
      cy = box.y1 - box.y0 > wh ? box.y0 + wh / 2 : cy;  // and from their top
    }
    var pad = 30;  // keep the window inside the picture (plus a margin): no screen spent on nothing
    cx = Math.min(Math.max(cx, all.x0 - pad + ww / 2), Math.max(all.x1 + pad - ww / 2, all.x0 - pad + ww / 2));
    cy = Math.min(Math.max(cy, all.y0 - pad + wh / 2), Math.max(all.y1 + pad - wh / 2, all.y0 - pad + wh / 2));
    return { x: cx, y: cy };
  }
  view.openingView = openingView;

  view.drawnNodeCount = function () { return network.body.nodeIndices.length; };
  view.visibleNodeCount = function () {
    return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  };
  /* On-screen size (px) of the smallest label drawn inside the canvas: what a reader sees. */
  view.smallestLabelPx = function () {
    var scale = network.getScale(), w = container.clientWidth, h = container.clientHeight, min = Infinity, seen = 0;
    network.body.nodeIndices.forEach(function (id) {
      var node = network.body.nodes[id], d = network.canvasToDOM({ x: node.x, y: node.y });
      if (d.x < 0 || d.y < 0 || d.x > w || d.y > h || !node.options.label) return;
      var px = node.options.font.size * scale;
      if (px < LOD_PX) return;  // not drawn at this zoom (level of detail)
      seen += 1; min = Math.min(min, px);
    });
    return { px: min, labels: seen };
  };

  // ---------------------------------------------------------------- legend
  var hiddenTypes = {};
  function setTypeVisible(name, visible) {
    hiddenTypes[name] = !visible;
    var box = document.querySelector('#pg-types input[data-type="' + cssEscape(name) + '"]');
    if (box) box.checked = visible;
    refreshHidden();
  }
  view.setTypeVisible = setTypeVisible;
  function setRelationVisible(name, visible) {
    rel(name).hidden = !visible;
    var box = document.querySelector('#pg-relations input[data-rel="' + cssEscape(name) + '"]');
    if (box) box.checked = visible;
    edges.update(data.edges.map(function (e, i) { return e[2] === name ? { id: i, hidden: !visible } : null; })
      .filter(Boolean));
  }
  view.setRelationVisible = setRelationVisible;
  function legendRow(list, attr, item, sw, onChange, checked) {
    var li = el("li"), label = el("label"), box = el("input"), names = el("span", "pg-names");
    box.type = "checkbox"; box.checked = checked; box.dataset[attr] = item.name;
    box.addEventListener("change", function () { onChange(item.name, box.checked); });
    names.append(el("span", "pg-zh", item.zh), el("span", "pg-en", item.name));
    label.title = item.zh + " · " + item.name + (item.basis ? "\n" + item.basis : "");
    label.append(box, sw, names, el("span", "pg-count", item.count));
    li.append(label); list.append(li);
  }
  data.types.forEach(function (t) {
    var sw = el("span", "pg-swatch " + t.shape); sw.style.background = t.color;
    legendRow($("pg-types"), "type", t, sw, setTypeVisible, true);
  });
  data.relations.forEach(function (r) {
    var line = el("span", "pg-line" + (r.dashes ? " " + r.dashes : "")); line.style.borderColor = r.color;
    legendRow($("pg-relations"), "rel", r, line, setRelationVisible, !r.hidden);
  });
  if (data.relations.some(function (r) { return r.hidden; })) {
    $("pg-relations-hint").hidden = false;
  }
  if (data.coverage.length) {
    $("pg-coverage").hidden = false; $("pg-coverage-title").hidden = false;
    data.coverage.forEach(function (c) {
      var li = el("li"), sw = el("span", "pg-swatch dot"); sw.style.background = c.color;
      li.append(sw, el("span", "pg-zh", c.label)); $("pg-coverage").append(li);
    });
  }

  // ---------------------------------------------------------------- coverage layout and folding
  /* Chapters top to bottom in order; a chapter's articles in reading order in rows to its right;
   * the measures in a column beyond, each level with the articles it implements. A folded chapter
   * takes one row and hides its articles (its label still counts them). */
  function coverageLayout(list) {
    var byId = {}; list.forEach(function (n) { byId[n.id] = n; });
    var artW = 14 * Math.max(4, maxLen(coverageGroups, byId)) + 24, cols = 8, dy = 58;
    var books = coverageGroups.some(function (g) { return g.book !== null && g.book !== undefined; });
    var sections = list.some(function (n) { return n.group === "LegalSection"; });
    var xBook = 220, xCh = books ? 440 : 240, xSec = xCh + 190, xArt = xCh + (sections ? 380 : 200);
    var xM = xArt + cols * artW + 200, y = 0, placed = {};
    coverageGroups.forEach(function (g, k) {
      var top = y, row = 0, col = 0;
      if (g.book !== null && g.book !== undefined && !placed[g.book]) { set(byId[g.book], xBook, top); placed[g.book] = 1; }
      if (g.chapter !== null && g.chapter !== undefined) set(byId[g.chapter], xCh, top);
      if (!folded[k]) {
        g.items.forEach(function (id) {
          var n = byId[id];
          if (n.group === "LegalSection") { if (col) { row += 1; col = 0; } set(n, xSec, top + row * dy); return; }
          set(n, xArt + col * artW, top + row * dy);
          col += 1; if (col === cols) { col = 0; row += 1; }
        });
        if (col) row += 1;
      }
      var ch = g.chapter !== null && g.chapter !== undefined ? byId[g.chapter] : null;
      var chLines = ch ? ch.label.split("\n").length : 1;  // the chapter's label fits its block
      y = top + Math.max(Math.max(row, 1) * dy, chLines * 17 + 34) + 26;
    });
    list.forEach(function (n) {
      var t = n.group;
      if (t === "Regulation" || t === "RegulationVersion") set(n, t === "Regulation" ? -240 : 0, 0);
    });
    placeMeasures(list, byId, xM);
  }
  function maxLen(gs, byId) {
    var m = 0;
    gs.forEach(function (g) { g.items.forEach(function (id) {
      byId[id].label.split("\n").forEach(function (l) { m = Math.max(m, l.length); });
    }); });
    return m;
  }
  function set(n, x, y) { if (n) { n.x = x; n.y = y; } }
  function placeMeasures(list, byId, x) {
    var targets = [];
    list.forEach(function (n) {
      if (groupOf[n.id] !== undefined || n.group === "Regulation" || n.group === "RegulationVersion" ||
          n.group === "Chapter" || n.group === "Book" || n.group === "Division") return;
      var ys = [];
      data.edges.forEach(function (e) {
        if (e[0] === n.id && groupOf[e[1]] !== undefined && !folded[groupOf[e[1]]] && byId[e[1]].y !== undefined) ys.push(byId[e[1]].y);
      });
      n.hiddenByFold = !ys.length && data.edges.some(function (e) { return e[0] === n.id && groupOf[e[1]] !== undefined; });
      targets.push({ n: n, y: ys.length ? ys.reduce(function (a, b) { return a + b; }, 0) / ys.length : Infinity });
    });
    targets.sort(function (a, b) { return a.y - b.y; });
    var shown = targets.filter(function (t) { return !t.n.hiddenByFold; });
    var ys = spaced(shown.map(function (t) { return isFinite(t.y) ? t.y : 0; }), 70);
    var lift = ys.length && ys[0] < 0 ? -ys[0] : 0;  // never above the first chapter
    ys = ys.map(function (v) { return v + lift; });
    shown.forEach(function (t, i) { set(t.n, x, ys[i]); });
    targets.forEach(function (t) { if (t.n.hiddenByFold && t.n.y === undefined) set(t.n, x, 0); });
  }
  function spaced(targets, gap) {  // the isotonic placement of layout._spaced, for the page
    var blocks = [];
    targets.forEach(function (t, i) {
      blocks.push([t - i * gap, 1]);
      while (blocks.length > 1 && blocks[blocks.length - 2][0] > blocks[blocks.length - 1][0]) {
        var b2 = blocks.pop(), b1 = blocks[blocks.length - 1];
        blocks[blocks.length - 1] = [(b1[0] * b1[1] + b2[0] * b2[1]) / (b1[1] + b2[1]), b1[1] + b2[1]];
      }
    });
    var out = [];
    blocks.forEach(function (b) { for (var k = 0; k < b[1]; k++) out.push(b[0] + out.length * gap); });
    return out;
  }
  function refreshHidden() {
    var changes = [];
    data.nodes.forEach(function (n) {
      var k = groupOf[n.id], fold = k !== undefined && folded[k] && n.id !== coverageGroups[k].chapter;
      var v = nodes.get(n.id), hidden = !!hiddenTypes[n.type] || fold || !!v.hiddenByFold;
      // vis re-applies the group's colour on update: send the node's own colour again
      if (hidden !== !!v.hidden) changes.push(v.color ? { id: n.id, hidden: hidden, color: v.color } : { id: n.id, hidden: hidden });
    });
    if (changes.length) nodes.update(changes);
  }
  function setFolded(k, fold) {
    folded[k] = fold;
    var list = data.nodes.map(function (n) { return { id: n.id, label: n.label, group: n.type }; });
    coverageLayout(list);
    nodes.update(list.map(function (n) { return { id: n.id, x: n.x, y: n.y, hiddenByFold: !!n.hiddenByFold }; }));
    refreshHidden();
  }
  view.setFolded = function (chapterId, fold) {
    var k = groupOf[chapterId];
    if (k !== undefined) setFolded(k, fold);
    return k !== undefined;
  };
  view.isFolded = function (chapterId) { return !!folded[groupOf[chapterId]]; };
  if (coverageGroups.length) refreshHidden();
  if (Object.keys(folded).length) {
    $("pg-notice").hidden = false;
    $("pg-notice").textContent += (data.notice ? " — " : "") +
      "章节已折叠：点击章节展开其条款 · chapters are folded: click a chapter to show its articles";
  }

  // ---------------------------------------------------------------- panels
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && !value.length)) return;
    var dd = el("dd");
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    dl.append(el("dt", null, key), dd);
  }
  function nodeButton(id) {
    var b = el("button", "pg-link", data.info[id].label);
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function evidenceBox(k) {
    var ev = data.evidence[k], box = el("div", "pg-evidence");
    var q = el("blockquote");
    if (ev.context && ev.context.text) {  // a short quote inside its sentence, the quote marked
      var off = Number(ev.start) - Number(ev.context.start), t = ev.context.text;
      if (off >= 0 && t.substr(off, ev.quote.length) === ev.quote) {
        q.append(document.createTextNode(t.slice(0, off)), el("mark", null, ev.quote),
                 document.createTextNode(t.slice(off + ev.quote.length)));
      } else q.textContent = ev.quote;
    } else q.textContent = ev.quote;
    box.append(q);
    var where = [];
    if (ev.source) where.push("来源 " + ev.source + (ev.path ? " (" + ev.path.split(/[\\/]/).pop() + ")" : ""));
    if (ev.start !== "" && ev.end !== "") where.push("位置 " + ev.start + "–" + ev.end);
    if (ev.position) where.push("位置 " + ev.position);
    if (ev.context && ev.context.text) where.push("句子 sentence " + ev.context.start + "–" + ev.context.end);
    if (ev.within) where.push("所在措施原文 within " + ev.within.start + "–" + ev.within.end);
    box.append(el("div", "pg-source", where.join(" · ")));
    return box;
  }
  function openPanel() {
    hideTooltip();
    $("pg-panel").hidden = false;
    repaint();
  }
  function header(body, title, badgeText, colour) {
    body.replaceChildren();
    body.append(el("h2", null, title));
    var badge = el("span", "pg-badge", badgeText);
    badge.style.background = colour || "#777";
    badge.style.color = light(colour || "#777") ? "#1f2328" : "#fff";
    body.append(badge);
  }
  function showDetails(id) {
    var n = data.nodes[id], info = data.info[id], t = typeByName[n.type] || {};
    var body = $("pg-panel-body");
    header(body, info.label, (t.zh || "") + " · " + n.type, t.color);
    if (info.description) body.append(el("p", "pg-desc", info.description));
    if (info.note) body.append(el("p", "pg-note", info.note));
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
    evidenceGroups(body, info.evidence);
    linkList(body, id);
    openPanel();
    view.panelFor = id; view.edgePanelFor = null;
  }
  view.showDetails = showDetails;
  function evidenceGroups(body, groups) {
    var total = groups.reduce(function (a, g) { return a + g.count; }, 0);
    body.append(el("h3", null, "证据 Evidence (" + total + ")"));
    if (!groups.length) body.append(el("p", "pg-empty", "无 none"));
    groups.forEach(function (g) {
      var head = el("div", "pg-fact");
      if (g.other !== null && g.other !== undefined) {
        head.append(el("span", "pg-rel", g.dir + " " + rel(g.rel).zh + " "), nodeButton(g.other));
      } else {
        head.textContent = g.rel ? "关于 " + rel(g.rel).zh + " (" + g.rel + ")" : "本身 · 原文 own text and mentions";
      }
      if (g.count > g.items.length) head.append(el("span", "pg-count", " 共 " + g.count + " 处，显示 " + g.items.length));
      body.append(head);
      g.items.forEach(function (k) { body.append(evidenceBox(k)); });
    });
  }
  function linkList(body, id) {
    var links = [];
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = data.edges[eid];
      links.push({ eid: eid, other: e[0] === id ? e[1] : e[0], rel: e[2], dir: e[0] === id ? "→" : "←" });
    });
    body.append(el("h3", null, "关联 Links (" + links.length + ")"));
    var list = el("ul");
    links.slice(0, 200).forEach(function (l) {
      var li = el("li"), b = el("button", "pg-rel-link", l.dir + " " + rel(l.rel).zh);
      b.type = "button"; b.title = "查看这条关系的证据 evidence of this link";
      b.addEventListener("click", function () { showEdge(l.eid); });
      li.append(b, document.createTextNode(" "), nodeButton(l.other));
      list.append(li);
    });
    if (links.length > 200) list.append(el("li", "pg-empty", "… " + (links.length - 200)));
    body.append(list);
  }
  function showEdge(eid) {
    var e = data.edges[eid], x = e[3] || {}, r = rel(e[2]), body = $("pg-panel-body");
    header(body, r.zh + " · " + e[2], "关系 Link", r.color);
    var ends = el("p", "pg-ends");
    ends.append(nodeButton(e[0]), el("span", "pg-rel", " → "), nodeButton(e[1]));
    body.append(ends);
    var dl = el("dl");
    row(dl, "得分 Score", x.score);
    row(dl, "排名 Rank", x.rank);
    row(dl, "方法 Method", x.method);
    row(dl, "概率 Probability", x.probability);
    if (x.matched && x.matched.length) {
      var chips = el("span");
      x.matched.forEach(function (m) { chips.append(el("span", "pg-term", m)); });
      row(dl, "匹配词 Matched", chips);
    }
    body.append(dl);
    var ev = x.ev || [];
    body.append(el("h3", null, "证据 Evidence (" + ev.length + ")"));
    if (!ev.length) {
      body.append(el("p", "pg-empty", "未存原文片段 no stored span" + (r.basis ? "：依据 " + r.basis : "")));
    }
    ev.forEach(function (k) { body.append(evidenceBox(k)); });
    openPanel();
    network.selectEdges([eid]);
    view.edgePanelFor = eid; view.panelFor = null;
  }
  view.showEdge = showEdge;
  $("pg-close").addEventListener("click", closePanel);
  function closePanel() {
    $("pg-panel").hidden = true; view.panelFor = null; view.edgePanelFor = null;
    hideTooltip();
    repaint();
  }
  view.closePanel = closePanel;
  // The panel changes the canvas's width; a resized canvas is blank until vis redraws it, which
  // it otherwise only does on the next mouse move or zoom. Resize and redraw now.
  function repaint() {
    // vis shrinks the scale with the canvas's width: keep what the reader had (and its label size)
    var scale = network.getScale(), at = network.getViewPosition();
    network.setSize("100%", "100%");
    network.moveTo({ position: at, scale: scale, animation: false });
    network.redraw();
  }
  function hideTooltip() {
    document.querySelectorAll("div.vis-tooltip").forEach(function (t) { t.style.visibility = "hidden"; });
  }
  container.addEventListener("mouseleave", hideTooltip);

  function focusNode(id) {
    var n = data.nodes[id];
    if (!n) return false;
    if (hiddenTypes[n.type]) setTypeVisible(n.type, true);  // a search must never land on nothing
    var k = groupOf[id];
    if (k !== undefined && folded[k] && id !== coverageGroups[k].chapter) setFolded(k, false);
    showDetails(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350 } });
    view.focused = id;
    return true;
  }
  view.focusNode = focusNode;
  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = p.nodes[0], k = groupOf[id];
      view.focused = id;
      if (k !== undefined && coverageGroups[k].chapter === id) setFolded(k, !folded[k]);
      showDetails(id);
    } else if (p.edges.length) {
      showEdge(p.edges[0]);
    }
  });
  $("pg-fit").addEventListener("click", function () { fitAll(false); });

  // ---------------------------------------------------------------- search
  /* The names graphq resolves: every node ships its normalised names (label, aliases such as
   * 市营商局, titles, and for articles "regulation + article"), and a query is normalised the same
   * way; "第7条" and "条例 7" are read as 第七条, as the command line reads them. */
  function norm(s) {
    return String(s).normalize("NFKC").replace(/[\s《》〈〉<>"“”'‘’「」『』]+/g, "").toLowerCase();
  }
  function cn(n) {  // 1..9999 in Chinese numerals as articles are numbered (12 十二, 105 一百零五)
    var d = "零一二三四五六七八九", units = ["", "十", "百", "千"], out = "", zero = false, s = String(n);
    for (var i = 0; i < s.length; i++) {
      var k = Number(s[i]), u = s.length - 1 - i;
      if (k === 0) { zero = out !== ""; continue; }
      if (zero) { out += "零"; zero = false; }
      out += (k === 1 && u === 1 && out === "" ? "" : d[k]) + units[u];
    }
    return out || "零";
  }
  view.cn = cn;
  function canonical(q) {
    q = String(q).trim();
    var bare = q.match(/^(.*\S)\s+(\d+)$/);  // "优化营商环境条例 7"
    if (bare) q = bare[1] + "第" + bare[2] + "条";
    return norm(q).replace(/第?(\d+)条/, function (_, n) { return "第" + cn(Number(n)) + "条"; });
  }
  function matches(q) {
    q = canonical(q);
    if (!q) return [];
    var ranked = [];
    for (var i = 0; i < data.info.length; i++) {
      var keys = data.info[i].keys || [], best = 9;
      for (var j = 0; j < keys.length; j++) {
        var k = keys[j], r = k === q ? 0 : k.indexOf(q) === 0 ? 1 : k.indexOf(q) > 0 ? 2 : 9;
        if (r < best) best = r;
      }
      if (best === 9 && data.info[i].iri.toLowerCase() === q) best = 0;
      if (best < 9) ranked.push([best, data.info[i].label.length, i]);
    }
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return ranked.map(function (r) { return r[2]; });
  }
  view.matches = matches;
  var results = $("pg-results"), search = $("pg-search");
  function resultText(ids) {  // row texts, never two alike
    var seen = {};
    return ids.map(function (id) {
      var t = data.info[id].label + " · " + typeZh(data.nodes[id].type);
      if (seen[t]) t += " · " + data.info[id].iri.split("/").slice(-2).join("/");
      seen[t] = true;
      return t;
    });
  }
  view.resultText = function (q) { return resultText(matches(q).slice(0, 30)); };
  function showResults(ids) {
    results.replaceChildren();
    ids = ids.slice(0, 30);
    var texts = resultText(ids);
    ids.forEach(function (id, k) {
      var li = el("li"), parts = texts[k].split(" · ");
      li.setAttribute("role", "option");
      if (k === 0) li.className = "active";
      li.append(el("span", null, parts[0]), el("span", "pg-type", parts.slice(1).join(" · ")));
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

  if (!physics) openingView();  // after folding: hidden nodes take no room

  // ---------------------------------------------------------------- helpers
  function shade(hex, amount) {  // amount < 0 darkens, > 0 lightens
    var c = parseInt(hex.slice(1), 16), out = [16, 8, 0].map(function (s) {
      var v = (c >> s) & 255;
      v = amount < 0 ? v * (1 + amount) : v + (255 - v) * amount;
      return Math.round(v);
    });
    return "#" + out.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("");
  }
  function light(hex) {  // relative luminance above ~0.6: dark text reads better
    var c = parseInt(hex.slice(1), 16);
    return (0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255)) / 255 > 0.6;
  }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/"/g, '\\"'); }
  view.minLabelPx = MIN_LABEL_PX;
})();
