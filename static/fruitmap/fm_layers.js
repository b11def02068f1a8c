/* fruitmap feature layers: decode the compact layers written by fruitmap/maps/layer.py and
 * draw them with Leaflet. Small layers become ordinary Leaflet vector layers (SVG elements
 * with a class name); large layers are drawn on one canvas per layer (Canvas 2D, no WebGL:
 * headless browsers and office PCs without a GPU may have none) and hit-tested here.
 *
 * Data: coordinates are integers (degrees x 1e5), delta-encoded and zigzag varint-packed in
 * base64; texts are columns (each distinct text once, then a code per feature). Every text
 * arrives HTML-escaped from Python; this file only joins escaped parts.
 * (c) fruitmap authors, MIT licence.
 */
(function () {
    'use strict';
    var SCALE = 1e5;

    function varints(b64) {
        // Unsigned LEB128 varints -> Float64Array (float maths: safe beyond 31 bits).
        var s = atob(b64 || ''), n = s.length, out = new Float64Array(n), k = 0, v = 0, mul = 1;
        for (var i = 0; i < n; i++) {
            var b = s.charCodeAt(i);
            v += (b & 127) * mul;
            if (b & 128) { mul *= 128; } else { out[k++] = v; v = 0; mul = 1; }
        }
        return out.subarray(0, k);
    }

    function unzigzag(u) { return (u % 2) ? -(u + 1) / 2 : u / 2; }

    function coordinates(b64) {
        // Interleaved lon, lat deltas -> Mercator world units (0..1) as two Float64Arrays.
        var d = varints(b64), n = d.length / 2, x = new Float64Array(n), y = new Float64Array(n);
        var lon = 0, lat = 0;
        for (var i = 0; i < n; i++) {
            lon += unzigzag(d[2 * i]);
            lat += unzigzag(d[2 * i + 1]);
            var phi = (lat / SCALE) * Math.PI / 180;
            x[i] = 0.5 + lon / SCALE / 360;
            y[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
        }
        return {x: x, y: y, n: n};
    }

    function unproject(x, y) {
        var lat = (2 * Math.atan(Math.exp((0.5 - y) * 2 * Math.PI)) - Math.PI / 2) * 180 / Math.PI;
        return L.latLng(lat, (x - 0.5) * 360);
    }

    // --- texts --------------------------------------------------------------------------
    function column(c, i) {
        if (c.k !== undefined) { return c.k; }
        if (c.v) { return c.v[i]; }
        if (!c.codes) { c.codes = varints(c.c); }
        return c.d[c.codes[i]];
    }

    function tipHtml(spec, i) {
        var h = '';
        spec.tip.forEach(function (ref, k) {
            var text = column(spec.cols[ref], i);
            if (!text) { return; }
            h += k === 0 ? '<b>' + text + '</b>' : '<br>' + text;
        });
        return h;
    }

    function popupHtml(spec, i) {
        var p = spec.popup;
        var h = '<div class="fm-pop"><div class="fm-title">' + column(spec.cols[p.title], i) +
            '</div><div class="fm-sub">' + column(spec.cols[p.sub], i) + '</div><table>';
        p.rows.forEach(function (r) {
            var text = column(spec.cols[r[1]], i);
            if (text) { h += '<tr><th>' + r[0] + '</th><td>' + text + '</td></tr>'; }
        });
        return h + '</table></div>';
    }

    // --- decoded data -------------------------------------------------------------------
    function decode(spec) {
        var data = {n: spec.n, xy: coordinates(spec.xy)};
        data.style = spec.style ? varints(spec.style) : new Float64Array(spec.n);
        if (spec.kind === 'polygon') {
            var rings = varints(spec.rings), sizes = varints(spec.sizes);
            data.ringStart = new Uint32Array(spec.n + 1);   // first ring of each feature
            data.vertStart = new Uint32Array(sizes.length + 1);  // first vertex of each ring
            for (var r = 0; r < sizes.length; r++) { data.vertStart[r + 1] = data.vertStart[r] + sizes[r]; }
            var bbox = data.bbox = new Float64Array(4 * spec.n);
            var box = data.box = [Infinity, Infinity, -Infinity, -Infinity];  // the whole part
            for (var f = 0; f < spec.n; f++) {
                data.ringStart[f + 1] = data.ringStart[f] + rings[f];
                var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
                var a = data.vertStart[data.ringStart[f]], b = data.vertStart[data.ringStart[f + 1]];
                for (var v = a; v < b; v++) {
                    var x = data.xy.x[v], y = data.xy.y[v];
                    if (x < x0) { x0 = x; } if (x > x1) { x1 = x; }
                    if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
                }
                bbox[4 * f] = x0; bbox[4 * f + 1] = y0; bbox[4 * f + 2] = x1; bbox[4 * f + 3] = y1;
                if (x0 < box[0]) { box[0] = x0; } if (y0 < box[1]) { box[1] = y0; }
                if (x1 > box[2]) { box[2] = x1; } if (y1 > box[3]) { box[3] = y1; }
            }
        } else {
            var radius = varints(spec.radius);
            data.radius = radius.length ? radius.map(function (r) { return r / 10; }) : null;
        }
        // Draw order grouped by style (one fill per style), stable within a style.
        var order = new Uint32Array(spec.n);
        for (var i = 0; i < spec.n; i++) { order[i] = i; }
        data.order = Array.prototype.slice.call(order).sort(function (p, q) {
            return (data.style[p] - data.style[q]) || (p - q);
        });
        return data;
    }

    function latlngsOf(data, f) {
        var rings = [];
        for (var r = data.ringStart[f]; r < data.ringStart[f + 1]; r++) {
            var ring = [];
            for (var v = data.vertStart[r]; v < data.vertStart[r + 1]; v++) {
                ring.push(unproject(data.xy.x[v], data.xy.y[v]));
            }
            rings.push(ring);
        }
        return rings;
    }

    // --- small layers: Leaflet vector layers (SVG elements with a class name) ------------
    function svgLayer(parent, spec, data, pane) {
        var styles = spec.styles, where = pane ? {pane: pane} : {};
        for (var f = 0; f < spec.n; f++) {
            var st = styles[data.style[f]], layer;
            if (spec.kind === 'polygon') {
                layer = L.polygon(latlngsOf(data, f), L.extend({}, st, where, {
                    className: spec.cls, interactive: spec.interactive}));
            } else {
                var at = unproject(data.xy.x[f], data.xy.y[f]), r = data.radius ? data.radius[f] : 5;
                if (spec.shape === 'circle') {
                    layer = L.circleMarker(at, L.extend({radius: r, color: '#ffffff', weight: 0.8,
                        opacity: 0.9, fillColor: st.fillColor, fillOpacity: 0.8, className: spec.cls,
                        interactive: spec.interactive}, where));
                } else {
                    var s = Math.round(2 * r);
                    var css = 'width:' + s + 'px;height:' + s + 'px;box-sizing:border-box;';
                    if (spec.shape === 'hollow') {
                        css += 'border:3px solid ' + st.fillColor + ';background:rgba(255,255,255,.6);';
                    } else {
                        css += 'background:' + st.fillColor + ';border:2px solid #111;';
                    }
                    if (spec.shape === 'diamond') { css += 'transform:rotate(45deg);'; }
                    layer = L.marker(at, {interactive: spec.interactive, icon: L.divIcon({
                        className: spec.cls, html: '<div style="' + css + '"></div>',
                        iconSize: [s, s], iconAnchor: [s / 2, s / 2]})});
                }
            }
            if (spec.interactive) { bind(layer, spec, f); }
            layer.addTo(parent);
        }
    }

    function bind(layer, spec, f) {
        if (spec.tip && spec.tip.length) {
            layer.bindTooltip(function () { return tipHtml(spec, f); },
                spec.kind === 'polygon' ? {sticky: true} : {direction: 'top'});
        }
        if (spec.popup) {
            layer.bindPopup(function () { return popupHtml(spec, f); }, {maxWidth: 360});
        }
    }

    // --- large layers: one canvas, hit-tested here ---------------------------------------
    // A canvas holds one or more parts ({spec, data}): one layer, or the tiles of a tiled
    // layer loaded so far (see fmTiled).
    var CanvasLayer = L.Renderer.extend({
        initialize: function (cls, parts, pane) {
            L.Renderer.prototype.initialize.call(this, pane ? {padding: 0.1, pane: pane} : {padding: 0.1});
            this._cls = cls;
            this._parts = parts || [];
        },

        addPart: function (spec, data) {
            this._parts.push({spec: spec, data: data});
            if (this._container) { this._label(); }
            if (this._map) { this._update(); }
        },

        _label: function () {
            var n = 0;
            this._parts.forEach(function (p) { n += p.spec.n; });
            this._container.dataset.features = String(n);
            this._container.dataset.parts = String(this._parts.length);
            // Tiles asked for so far (tiled layers): parts === asked once all have arrived.
            this._container.dataset.asked = String(this.asked || this._parts.length);
        },

        _initContainer: function () {
            var c = this._container = document.createElement('canvas');
            c.className = 'fm-canvas';
            c.dataset.fmLayer = this._cls;
            c.dataset.drawn = '0';
            c.style.pointerEvents = 'none';  // the map receives the mouse; see hit() below
            this._ctx = c.getContext('2d');
            this._label();
        },

        _destroyContainer: function () {
            L.DomUtil.remove(this._container);
            delete this._ctx;
            delete this._container;
        },

        _updatePaths: function () {},

        onAdd: function (map) {
            L.Renderer.prototype.onAdd.call(this, map);
            hub(map).layers.push(this);
        },

        onRemove: function (map) {
            var h = hub(map);
            h.layers = h.layers.filter(function (l) { return l !== this; }, this);
            h.leave();
            L.Renderer.prototype.onRemove.call(this, map);
        },

        _update: function () {
            if (this._map._animatingZoom && this._bounds) { return; }
            L.Renderer.prototype._update.call(this);
            var b = this._bounds, size = b.getSize(), c = this._container;
            var m = L.Browser.retina ? 2 : 1;
            L.DomUtil.setPosition(c, b.min);
            c.width = m * size.x;
            c.height = m * size.y;
            c.style.width = size.x + 'px';
            c.style.height = size.y + 'px';
            var ctx = this._ctx;
            ctx.setTransform(m, 0, 0, m, 0, 0);
            ctx.translate(-b.min.x, -b.min.y);
            var drawn = 0, v = this._view();
            for (var k = 0; k < this._parts.length; k++) {
                drawn += drawPart(ctx, this._parts[k].spec, this._parts[k].data, v);
            }
            c.dataset.drawn = String(drawn);
        },

        _view: function () {
            // World units -> layer pixels: px = x * s - o.x.
            var map = this._map;
            return {s: map.options.crs.scale(map.getZoom()), o: map.getPixelOrigin(),
                    b: this._bounds};
        },

        // The feature under layer point p (topmost first): {spec, data, f}, or null.
        hit: function (p) {
            var v = this._view(), s = v.s, wx = (p.x + v.o.x) / s, wy = (p.y + v.o.y) / s;
            for (var k = this._parts.length - 1; k >= 0; k--) {
                var part = this._parts[k];
                if (!part.spec.interactive) { continue; }
                var f = hitPart(part.spec, part.data, s, wx, wy);
                if (f >= 0) { return {spec: part.spec, data: part.data, f: f}; }
            }
            return null;
        }
    });

    // Features per canvas path. Chromium's 2D canvas slows down more than linearly as one
    // path gathers subpaths (20,000 zones in a handful of paths took 0.4 s to draw, 18,000
    // rings in one path 3 s in a test page), so a path is painted and begun anew every
    // PATH_CHUNK features (then 20,000 zones take ~0.05 s). Overlapping features of one style
    // are then painted one over the other, as SVG paints them.
    var PATH_CHUNK = 64;

    // Draw the features of one part in view; returns how many were drawn.
    function drawPart(ctx, spec, d, v) {
        var s = v.s, ox = v.o.x, oy = v.o.y, b = v.b, drawn = 0, order = d.order;
        var x = d.xy.x, y = d.xy.y, start = 0;
        if (d.box && (d.box[2] * s - ox < b.min.x - 2 || d.box[0] * s - ox > b.max.x + 2 ||
                      d.box[3] * s - oy < b.min.y - 2 || d.box[1] * s - oy > b.max.y + 2)) {
            return 0;  // the whole part (a tile) is out of view
        }
        while (start < order.length) {
            var styleIndex = d.style[order[start]], end = start;
            while (end < order.length && d.style[order[end]] === styleIndex) { end++; }
            var st = spec.styles[styleIndex], inPath = 0;
            ctx.beginPath();
            for (var k = start; k < end; k++) {
                var f = order[k];
                if (inPath === PATH_CHUNK) {
                    paint(ctx, spec, st);
                    ctx.beginPath();
                    inPath = 0;
                }
                if (spec.kind === 'polygon') {
                    var x0 = d.bbox[4 * f] * s - ox, y0 = d.bbox[4 * f + 1] * s - oy;
                    var x1 = d.bbox[4 * f + 2] * s - ox, y1 = d.bbox[4 * f + 3] * s - oy;
                    if (x1 < b.min.x || x0 > b.max.x || y1 < b.min.y || y0 > b.max.y) { continue; }
                    drawn++;
                    inPath++;
                    if (x1 - x0 < 2 && y1 - y0 < 2) {
                        // Smaller than 2 px at this zoom: a 2 px dot keeps it visible and cheap.
                        ctx.rect((x0 + x1) / 2 - 1, (y0 + y1) / 2 - 1, 2, 2);
                        continue;
                    }
                    for (var r = d.ringStart[f]; r < d.ringStart[f + 1]; r++) {
                        var a = d.vertStart[r], e = d.vertStart[r + 1];
                        var lx = x[a] * s - ox, ly = y[a] * s - oy;
                        ctx.moveTo(lx, ly);
                        for (var i = a + 1; i < e; i++) {
                            var qx = x[i] * s - ox, qy = y[i] * s - oy;
                            // A vertex within a pixel of the last one drawn changes nothing
                            // visible: skipping it keeps small polygons' paths short.
                            if (qx - lx < 1 && lx - qx < 1 && qy - ly < 1 && ly - qy < 1) { continue; }
                            ctx.lineTo(qx, qy);
                            lx = qx;
                            ly = qy;
                        }
                        ctx.closePath();
                    }
                } else {
                    var px = x[f] * s - ox, py = y[f] * s - oy, rad = d.radius ? d.radius[f] : 5;
                    if (px + rad < b.min.x || px - rad > b.max.x || py + rad < b.min.y ||
                        py - rad > b.max.y) { continue; }
                    drawn++;
                    inPath++;
                    shape(ctx, spec.shape, px, py, rad);
                }
            }
            paint(ctx, spec, st);
            start = end;
        }
        return drawn;
    }

    function hitPart(spec, d, s, wx, wy) {
        var order = d.order, slack = 3 / s;  // 3 px around tiny features drawn as dots
        if (d.box && (wx < d.box[0] - slack || wx > d.box[2] + slack ||
                      wy < d.box[1] - slack || wy > d.box[3] + slack)) { return -1; }
        for (var k = order.length - 1; k >= 0; k--) {
            var f = order[k];
            if (spec.kind === 'polygon') {
                var x0 = d.bbox[4 * f], y0 = d.bbox[4 * f + 1], x1 = d.bbox[4 * f + 2], y1 = d.bbox[4 * f + 3];
                if (wx < x0 - slack || wx > x1 + slack || wy < y0 - slack || wy > y1 + slack) { continue; }
                if ((x1 - x0) * s < 2 && (y1 - y0) * s < 2) { return f; }
                if (inside(d, f, wx, wy)) { return f; }
            } else {
                var rad = (d.radius ? d.radius[f] : 5) + 2;
                var dx = (d.xy.x[f] - wx) * s, dy = (d.xy.y[f] - wy) * s;
                if (dx * dx + dy * dy <= rad * rad) { return f; }
            }
        }
        return -1;
    }

    function anchor(found, latlng) {
        var d = found.data;
        return found.spec.kind === 'polygon' ? latlng : unproject(d.xy.x[found.f], d.xy.y[found.f]);
    }

    function shape(ctx, kind, px, py, r) {
        if (kind === 'circle') {
            ctx.moveTo(px + r, py);
            ctx.arc(px, py, r, 0, 2 * Math.PI);
        } else if (kind === 'diamond') {
            ctx.moveTo(px, py - r * 1.41); ctx.lineTo(px + r * 1.41, py);
            ctx.lineTo(px, py + r * 1.41); ctx.lineTo(px - r * 1.41, py); ctx.closePath();
        } else {
            ctx.rect(px - r, py - r, 2 * r, 2 * r);
        }
    }

    function paint(ctx, spec, st) {
        if (spec.kind === 'point') {
            var hollow = spec.shape === 'hollow';
            ctx.globalAlpha = hollow ? 0.6 : 0.85;
            ctx.fillStyle = hollow ? '#ffffff' : st.fillColor;
            ctx.fill();
            ctx.globalAlpha = 1;
            ctx.strokeStyle = hollow ? st.fillColor : (spec.shape === 'circle' ? '#ffffff' : '#111111');
            ctx.lineWidth = hollow ? 3 : (spec.shape === 'circle' ? 0.8 : 1.5);
            ctx.setLineDash([]);
            ctx.stroke();
            return;
        }
        if (st.fill !== false) {
            ctx.globalAlpha = st.fillOpacity === undefined ? 0.2 : st.fillOpacity;
            ctx.fillStyle = st.fillColor || st.color || '#3388ff';
            ctx.fill('evenodd');
        }
        if (st.stroke !== false) {
            ctx.globalAlpha = st.opacity === undefined ? 1 : st.opacity;
            ctx.strokeStyle = st.color || '#3388ff';
            ctx.lineWidth = st.weight === undefined ? 3 : st.weight;
            ctx.setLineDash(st.dashArray ? String(st.dashArray).split(/[ ,]+/).map(Number) : []);
            ctx.lineJoin = 'round';
            ctx.stroke();
        }
        ctx.globalAlpha = 1;
    }

    function inside(d, f, wx, wy) {
        // Even-odd rule over every ring of feature f (holes and parts alike).
        var x = d.xy.x, y = d.xy.y, c = false;
        for (var r = d.ringStart[f]; r < d.ringStart[f + 1]; r++) {
            var a = d.vertStart[r], e = d.vertStart[r + 1];
            for (var i = a, j = e - 1; i < e; j = i++) {
                if (((y[i] > wy) !== (y[j] > wy)) &&
                    (wx < (x[j] - x[i]) * (wy - y[i]) / (y[j] - y[i]) + x[i])) { c = !c; }
            }
        }
        return c;
    }

    // One hub per map: hover tooltips and click popups for every canvas layer on it.
    function hub(map) {
        if (map._fmHub) { return map._fmHub; }
        var h = map._fmHub = {layers: [], current: null, pending: null};
        var tip = L.tooltip({direction: 'top', offset: [0, -6], opacity: 0.95});
        function find(e) {
            for (var k = h.layers.length - 1; k >= 0; k--) {
                var found = h.layers[k].hit(e.layerPoint);
                if (found) { return found; }
            }
            return null;
        }
        h.leave = function () {
            if (h.current) { map.closeTooltip(tip); }
            h.current = null;
            map.getContainer().style.cursor = '';
        };
        function hover(e) {
            var found = find(e);
            if (!found) { h.leave(); return; }
            var spec = found.spec;
            if (!h.current || h.current.spec !== found.spec || h.current.f !== found.f) {
                h.current = found;
                map.getContainer().style.cursor = spec.popup ? 'pointer' : '';
                if (spec.tip && spec.tip.length) {
                    tip.setContent(tipHtml(spec, found.f));
                    map.openTooltip(tip, anchor(found, e.latlng));
                }
            }
            if (spec.kind === 'polygon' && map.hasLayer(tip)) { tip.setLatLng(e.latlng); }
        }
        map.on('mousemove', function (e) {
            // One hit test per animation frame, whatever the mouse's event rate.
            h.pending = e;
            if (h.frame) { return; }
            h.frame = L.Util.requestAnimFrame(function () {
                h.frame = null;
                if (h.pending) { hover(h.pending); }
            });
        });
        map.on('mouseout zoomstart movestart', h.leave);
        map.on('click', function (e) {
            var found = find(e);
            if (!found || !found.spec.popup) { return; }
            L.popup({maxWidth: 360})
                .setLatLng(anchor(found, e.latlng))
                .setContent(popupHtml(found.spec, found.f))
                .openOn(map);
        });
        return h;
    }

    // Data kept outside the map's script (fruitmap/maps/channel.py) is fetched from the app.
    // A tile marked "wait" may still be being made by the app (fruitmap/maps/channel.py,
    // Store.later): while its file is missing (404), ask again every WAIT_MS, up to WAIT_TRIES.
    var WAIT_MS = 1000, WAIT_TRIES = 600;

    function load(spec, done, tries) {
        if (!spec.src) { done(spec); return; }
        tries = tries || 0;
        fetch(spec.src, {credentials: 'same-origin'}).then(function (r) {
            if (r.status === 404 && spec.wait && tries < WAIT_TRIES) {
                setTimeout(function () { load(spec, done, tries + 1); }, WAIT_MS);
                return;
            }
            if (!r.ok) { throw new Error('HTTP ' + r.status); }
            return r.json().then(done);
        }).catch(function (e) {
            console.error('fruitmap: layer data not loaded from ' + spec.src, e);
        });
    }

    function add(parent, spec, pane) {
        if (pane && !parent._map) {
            // Hidden in the layer control meanwhile: add when it is shown (its pane then exists).
            parent.once('add', function () { add(parent, spec, pane); });
            return;
        }
        if (pane) { ensurePane(parent._map, pane); }
        var data = decode(spec);
        if (spec.n > spec.canvasFrom) {
            parent.addLayer(new CanvasLayer(spec.cls, [{spec: spec, data: data}], pane));
        } else {
            svgLayer(parent, spec, data, pane);
        }
    }

    // Layers stack in the order of the map's script, whenever their data arrives: each
    // fetched one gets its own pane (fm1, fm2, ...) above the previous ones; layers drawn at
    // once stay in Leaflet's overlay pane below them, as before.
    var panes = 0;
    function nextPane() { return 'fm' + (++panes); }

    function ensurePane(map, name) {
        if (!map.getPane(name)) {
            map.createPane(name).style.zIndex = String(400 + Number(name.slice(2)));
        }
    }

    /**
     * Add the compact layer ``spec`` (from fruitmap/maps/layer.py) to ``parent``.
     * Layers of more than ``spec.canvasFrom`` features go to a canvas. A spec holding only
     * ``src`` is fetched first.
     */
    window.fmLayer = function (parent, spec) {
        if (!spec.src) { add(parent, spec); return; }  // drawn now: in order already
        var pane = nextPane();
        load(spec, function (full) { add(parent, full, pane); });
    };

    // A very large layer (fruitmap/maps/tiled.py): below spec.detailZoom its summary (one
    // hexagon per cell), from there on its features, fetched tile by tile as the view
    // needs them and drawn on one canvas. No request to the app's script, no rerun.
    var Tiled = L.Layer.extend({
        initialize: function (spec, pane) {
            this._spec = spec;
            this._pane = pane;
            this._summary = L.featureGroup();
            this._detail = new CanvasLayer(spec.cls, [], pane);
            this._asked = {};
            var group = this._summary;
            load(spec.summary, function (full) { add(group, full, pane); });
        },

        onAdd: function (map) {
            ensurePane(map, this._pane);
            map.on('zoomend moveend', this._sync, this);
            this._sync();
        },

        onRemove: function (map) {
            map.off('zoomend moveend', this._sync, this);
            map.removeLayer(this._summary);
            map.removeLayer(this._detail);
        },

        _sync: function () {
            var map = this._map;
            if (!map) { return; }
            var detail = map.getZoom() >= this._spec.detailZoom;
            var show = detail ? this._detail : this._summary;
            var hide = detail ? this._summary : this._detail;
            if (map.hasLayer(hide)) { map.removeLayer(hide); }
            if (!map.hasLayer(show)) { map.addLayer(show); }
            map.getContainer().dataset.fmDetail = detail ? '1' : '0';
            if (detail) { this._fetch(map.getBounds().pad(0.25)); }
        },

        _fetch: function (view) {
            var detail = this._detail, asked = this._asked;
            this._spec.tiles.forEach(function (tile, i) {
                var b = tile.b;  // [west, south, east, north]
                if (asked[i] || b[0] > view.getEast() || b[2] < view.getWest() ||
                    b[1] > view.getNorth() || b[3] < view.getSouth()) { return; }
                asked[i] = true;
                detail.asked = (detail.asked || 0) + 1;
                load(tile.spec, function (full) { detail.addPart(full, decode(full)); });
            });
            if (detail._container) { detail._label(); }
        }
    });

    window.fmTiled = function (parent, spec) {
        parent.addLayer(new Tiled(spec, nextPane()));
    };
})();
