// The projector's part of the page, all in the browser (no request of its own): the legend highlights what it
// names, presentation mode's keys (arrows step through the highlighted countries in view, Escape closes the
// details), and the legend rows' toggling of their category in the filter.
(function () {
  // Ids and categories as the page defines them (dashboard/ui/ids.py CONTRACT, in the head's meta tag).
  const CONTRACT = JSON.parse(document.querySelector('meta[name="dashboard-contract"]').content);
  const CATEGORIES = CONTRACT.categories;
  const IDS = CONTRACT.ids;
  const DIM = 0.18;

  function graph() {
    return document.querySelector("#" + IDS.graph + " .js-plotly-plot");
  }

  function traceIndex(gd, name) {
    return (gd.data || []).findIndex(function (trace) { return trace.name === name; });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    projector: {
      // A legend row pressed: its category in or out of the filter's value, in the categories' order.
      toggleCategory: function () {
        const value = arguments[arguments.length - 1] || [];
        const triggered = (window.dash_clientside.callback_context.triggered || [])[0];
        const prop = triggered ? triggered.prop_id : "";
        const chosen = CATEGORIES.find(function (c) { return prop === CONTRACT.legendToggle[c] + ".n_clicks"; });
        if (!chosen || !triggered.value) {
          return window.dash_clientside.no_update;
        }
        const on = value.indexOf(chosen) < 0;
        return CATEGORIES.filter(function (c) { return c === chosen ? on : value.indexOf(c) >= 0; });
      },
      legendPressed: function (value) {
        const shown = value || [];
        return CATEGORIES.map(function (c) { return shown.indexOf(c) >= 0 ? "true" : "false"; });
      },
    },
  });

  // Highlight: the category's countries and markers at full strength, everything else faded. A style change of
  // the traces already drawn (Plotly.restyle), undone when the pointer or focus leaves; the next figure update from
  // the server replaces it anyway.
  let highlighted = null;

  function highlight(category) {
    const gd = graph();
    if (!gd || !window.Plotly || !gd.data) {
      return;
    }
    const engaged = traceIndex(gd, "engaged");
    const markers = CATEGORIES.map(function (c) { return traceIndex(gd, c); });
    if (engaged < 0 || markers.some(function (i) { return i < 0; })) {
      return;
    }
    if (category === null) {
      window.Plotly.restyle(gd, {"marker.opacity": 1}, [engaged].concat(markers));
      highlighted = null;
      return;
    }
    const members = new Set(gd.data[markers[CATEGORIES.indexOf(category)]].customdata || []);
    const fills = (gd.data[engaged].locations || []).map(function (code) { return members.has(code) ? 1 : DIM; });
    window.Plotly.restyle(gd, {"marker.opacity": [fills]}, [engaged]);
    window.Plotly.restyle(gd, {"marker.opacity": CATEGORIES.map(function (c) { return c === category ? 1 : DIM; })},
                          markers);
    highlighted = category;
  }

  function legendCategory(target) {
    const button = target && target.closest && target.closest(".legend-toggle");
    return button ? button.getAttribute("data-category") : null;
  }

  document.addEventListener("mouseover", function (event) {
    const category = legendCategory(event.target);
    if (category && category !== highlighted) {
      highlight(category);
    }
  });
  document.addEventListener("mouseout", function (event) {
    const from = legendCategory(event.target), to = legendCategory(event.relatedTarget);
    const focused = event.target.closest(".legend-toggle");
    if (from && from !== to && !(document.activeElement === focused && focused.matches(":focus-visible"))) {
      highlight(to);
    }
  });
  document.addEventListener("focusin", function (event) {
    const category = legendCategory(event.target);
    if (category && event.target.matches(":focus-visible")) {  // the keyboard's focus, not a press's
      highlight(category);
    }
  });
  // A row pressed shows or hides its category: the highlight goes, so the countries still shown keep their colour.
  document.addEventListener("click", function (event) {
    if (legendCategory(event.target)) {
      highlight(null);
    }
  });
  document.addEventListener("focusout", function (event) {
    if (legendCategory(event.target) && !legendCategory(event.relatedTarget)) {
      highlight(null);
    }
  });

  // In presentation mode a country's details float over the map, as tall as their content (the map's height at
  // most), in the corner of the map that hides the fewest of the countries shown (their markers), never over the
  // selected country's outline when another corner leaves it free; the focus's open side wins a tie.
  function markerCentres(map, box) {
    return Array.prototype.map.call(map.querySelectorAll(".scattergeo path.point"), function (point) {
      const r = point.getBoundingClientRect();
      return r.width >= 8 ? [r.left + r.width / 2, r.top + r.height / 2] : null;  // small states' dots left out
    }).filter(function (p) {
      return p && p[0] >= box.left && p[0] <= box.right && p[1] >= box.top && p[1] <= box.bottom;
    });
  }

  function placeDetails() {
    const root = document.documentElement.style;
    const map = document.querySelector(".page.presenting:is(.has-country, .has-forum) #" + IDS.graph);
    const panel = document.querySelector(".page.presenting:is(.has-country, .has-forum) .details");
    if (!map || !panel) {
      return;
    }
    const box = map.getBoundingClientRect();
    const margin = 8;
    root.setProperty("--details-height", Math.max(box.height - 2 * margin, 160) + "px");
    const points = markerCentres(map, box);
    const outline = map.querySelector("path.dashboard-outline");  // drawn by assets/app.js
    const spot = outline ? outline.getBoundingClientRect() : null;
    const openRight = !document.querySelector(".page.open-left");
    // Two shapes of card, wide (fewer lines) and narrow (fits an empty ocean), and a grid of places for each: the
    // place that hides fewest wins; on a tie, the wide card, the focus's open side, a corner.
    const base = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const widths = [Math.min(30 * base, 0.4 * window.innerWidth), Math.min(18 * base, 0.3 * window.innerWidth),
                    Math.min(13 * base, 0.24 * window.innerWidth)];
    const steps = [0, 1, 0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875];
    let best = null;
    widths.forEach(function (width, shape) {
      root.setProperty("--details-width", width + "px");
      const height = Math.min(panel.getBoundingClientRect().height, box.height - 2 * margin);
      const scrolls = panel.scrollHeight > panel.clientHeight + 1 ? 1 : 0;  // the key facts must all show
      steps.forEach(function (fx, column) {
        const left = box.left + margin + fx * Math.max(box.width - 2 * margin - width, 0);
        steps.forEach(function (fy, row) {
          const top = box.top + margin + fy * Math.max(box.height - 2 * margin - height, 0);
          const right = left + width, bottom = top + height;
          const hidden = points.filter(function (p) {
            return p[0] >= left - 6 && p[0] <= right + 6 && p[1] >= top - 6 && p[1] <= bottom + 6;
          }).length;
          const onOutline = spot && spot.width > 0 && spot.left < right && spot.right > left && spot.top < bottom &&
            spot.bottom > top ? 1 : 0;
          const side = (left + width / 2 > box.left + box.width / 2) === openRight ? 0 : 1;
          const score = [scrolls, onOutline, hidden, shape, side, row, column];
          if (!best || compare(score, best.score) < 0) {
            best = {score: score, left: left, top: top, width: width, hidden: hidden};
          }
        });
      });
    });
    root.setProperty("--details-width", best.width + "px");
    root.setProperty("--details-top", best.top + "px");
    root.setProperty("--details-left", best.left + "px");
    root.setProperty("--details-right", "auto");
    panel.setAttribute("data-hides", String(best.hidden));  // how many countries shown it covers (tests read it)
  }

  function compare(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] !== b[i]) {
        return a[i] - b[i];
      }
    }
    return 0;
  }
  let listening = null;
  function followMap() {
    const gd = graph();
    if (gd && gd !== listening && gd.on) {
      gd.on("plotly_afterplot", placeDetails);
      listening = gd;
    }
    placeDetails();
  }
  window.addEventListener("resize", placeDetails);
  // The card's height follows its content (a new country, a line opened): placed again when it changes.
  if (window.ResizeObserver) {
    const resized = new ResizeObserver(function () { placeDetails(); });
    new MutationObserver(function () {
      const panel = document.querySelector(".details");
      if (panel && !panel.dataset.watched) {
        panel.dataset.watched = "1";
        resized.observe(panel);
      }
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
  document.addEventListener("dashboard:outline", placeDetails);  // a new selection's outline (assets/app.js)
  new MutationObserver(followMap).observe(document.documentElement, {subtree: true, attributes: true,
                                                                       attributeFilter: ["class"]});

  // The countries with a marker inside the regional focus's box, in the order of their names in the page's
  // language (layout.meta.names, dashboard/ui/figures.py).
  function countriesInView(gd) {
    const engaged = traceIndex(gd, "engaged");
    const codes = engaged >= 0 ? (gd.data[engaged].locations || []) : [];
    const meta = (gd.layout && gd.layout.meta) || {};
    const view = meta.view, names = meta.names || {};
    const lon = view && view.lon, lat = view && view.lat;
    let shown = codes.slice();
    if (lon && lat) {
      const seen = new Set();
      CATEGORIES.forEach(function (c) {
        const trace = gd.data[traceIndex(gd, c)];
        (trace && trace.customdata || []).forEach(function (code, i) {
          if (trace.lon[i] >= lon[0] && trace.lon[i] <= lon[1] && trace.lat[i] >= lat[0] && trace.lat[i] <= lat[1]) {
            seen.add(code);
          }
        });
      });
      shown = codes.filter(function (code) { return seen.has(code); });
    }
    const lang = document.documentElement.lang || "en";
    return shown.sort(function (a, b) { return (names[a] || a).localeCompare(names[b] || b, lang); });
  }

  // "Canada: 3 of 6" while a country of the ones shown is open in presentation mode.
  function updateCounter() {
    const counter = document.getElementById(IDS.presentCounter);
    const gd = graph();
    if (!counter) {
      return;
    }
    const current = new URLSearchParams(window.location.search).get("country");
    const shown = gd && gd.data && document.querySelector(".page.presenting") ? countriesInView(gd) : [];
    const index = shown.indexOf(current);
    const names = (gd && gd.layout && gd.layout.meta && gd.layout.meta.names) || {};
    const text = index < 0 ? "" : counter.getAttribute("data-template").replace("{country}", names[current] || current)
      .replace("{n}", String(index + 1)).replace("{total}", String(shown.length));
    if (counter.textContent !== text) {
      counter.textContent = text;
    }
  }
  document.addEventListener("dashboard:outline", updateCounter);
  window.addEventListener("popstate", function () { setTimeout(updateCounter, 0); });

  const NEXT = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1};

  // Presentation mode: the left and right arrow keys, and Page Down and Page Up (what a presentation clicker
  // sends), step through the countries shown in name order; Escape closes the details, then leaves presentation
  // mode. The regional buttons keep their arrow keys only while focus is among them: once one is chosen, focus
  // goes to the map's section, so the arrows step through countries again.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".zoom-choice") && document.querySelector(".page.presenting")) {
      const section = document.getElementById(IDS.mapSection);
      if (section) {
        section.focus({preventScroll: true});
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector(".page.presenting") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const target = event.target;
    const typing = target.closest && target.closest("input:not([type=radio]), select, textarea, [role=combobox], [role=listbox]");
    if (event.key === "Escape") {
      if (target.closest && target.closest("[role=combobox], [role=listbox], .export-menu[open], details.more[open]")) {
        return;  // Escape belongs to the open menu or list
      }
      const clear = document.querySelector(".page.presenting.has-country #" + IDS.detailsClear);
      // Leaving presentation mode also stops a briefing playing (the view callback).
      const leave = document.getElementById(IDS.presentToggle);
      event.preventDefault();
      (clear || leave).click();
      return;
    }
    if (document.querySelector(".page.playing") && (event.key === "PageDown" || event.key === "PageUp") && !typing) {
      event.preventDefault();  // a clicker steps the briefing; the arrow keys still step the countries of a step
      window.dash_clientside.set_props(IDS.briefingAction,
                                       {data: {action: event.key === "PageDown" ? "next" : "previous", at: Date.now()}});
      return;
    }
    const step = NEXT[event.key];
    const interactive = typing || (target.closest && target.closest(".zoom-choice, [role=slider], [role=radiogroup]"));
    if (!step || interactive) {
      return;
    }
    const gd = graph();
    const shown = gd && gd.data ? countriesInView(gd) : [];
    if (!shown.length) {
      return;
    }
    const iso3 = neighbour(shown, step);
    event.preventDefault();
    window.dash_clientside.ahead.pick("step", iso3, function () {
      window.dash_clientside.set_props(IDS.presentStep, {data: {iso3: iso3, at: Date.now()}});
    });
  });

  // The country a step forward (1) or back (-1) from the one open, among those shown; the first or the last when none
  // of them is open.
  function neighbour(shown, step) {
    const index = shown.indexOf(new URLSearchParams(window.location.search).get("country"));
    return shown[index < 0 ? (step > 0 ? 0 : shown.length - 1) : (index + step + shown.length) % shown.length];
  }

  // While presenting, the next and the previous countries' answers are asked ahead (assets/ahead.js), so a step
  // shows its country with no request.
  document.addEventListener("dashboard:outline", function () {
    const gd = graph();
    const shown = gd && gd.data && document.querySelector(".page.presenting") ? countriesInView(gd) : [];
    if (shown.length) {
      window.dash_clientside.ahead.fetch("step", neighbour(shown, 1));
      window.dash_clientside.ahead.fetch("step", neighbour(shown, -1));
    }
  });
})();
