// Client-side glue: the address bar follows the view (the URL is the state), the selected country's outline,
// printing, presentation keys, and the text version's buttons.
let addressSeen = false;   // whether urlChanged has seen the address bar yet (the first look is the page's own)
let wantedOutline = [];    // the outline the latest view asks for, drawn after the details are painted

function sameCodes(a, b) {
  return a.length === b.length && a.every(function (code, i) { return code === b[i]; });
}

// The outline the view asks for, if the map does not show it already. Also after each of the map's redraws: a
// figure from the server that was built before the latest selection (a Patch of other parts of the figure) would
// otherwise bring the old outline back.
function showOutline() {
  const graph = document.querySelector("#map-graph .js-plotly-plot");
  if (!graph || !graph.data || !window.Plotly) {
    return;  // not drawn yet: the figure it will draw comes with the outline of its view
  }
  if (!graph.dashboardOutline) {
    graph.dashboardOutline = true;
    graph.on("plotly_afterplot", function () { setTimeout(showOutline, 0); });
  }
  const index = graph.data.findIndex(function (trace) { return trace.name === "selected"; });
  if (index < 0 || sameCodes(graph.data[index].locations || [], wantedOutline)) {
    return;
  }
  window.Plotly.restyle(graph, {locations: [wantedOutline.slice()], z: [wantedOutline.map(function () { return 1; })]},
                        [index]);
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    // The address bar (dcc.Location) -> what the server renders: only an address that is not the view shown, i.e.
    // Back, Forward or a link. The addresses syncUrl writes, and on the first look the one the first layout was
    // rendered for (the page's own address, dashboard.server.dash_compat), stop here.
    urlChanged: function (search, view) {
      if (typeof search !== "string") {
        return window.dash_clientside.no_update;
      }
      const first = !addressSeen;
      addressSeen = true;
      if (view && typeof view.query === "string" && (search === view.query || (first && view.origin === "url"))) {
        return window.dash_clientside.no_update;
      }
      return search;
    },
    // The view callback writes the next view state inside the page (ids.VIEW_UPDATE); the page keeps it here.
    adoptView: function (update) {
      return update && typeof update.query === "string" ? update : window.dash_clientside.no_update;
    },
    // The page's class, as dashboard/ui/components/layout.py page_class gives it (unchanged: nothing to redraw).
    pageClass: function (view) {
      const wanted = view && view.presenting === true ? "page presenting" : "page";
      const page = document.getElementById("page");
      return page && page.className === wanted ? window.dash_clientside.no_update : wanted;
    },
    // The address bar and the map's outline follow the view state.
    followView: function (view) {
      window.dash_clientside.dashboard.syncUrl(view);
      window.dash_clientside.dashboard.outlineSelection(view);
    },
    // A new selection restyles one small trace ("selected", by the name dashboard/ui/figures.py gives it) once the
    // details are on screen: a Patch of the figure would have dcc.Graph redraw the whole map before they show.
    outlineSelection: function (view) {
      if (!view || typeof view.query !== "string") {
        return;
      }
      wantedOutline = view.country ? [view.country] : [];
      window.requestAnimationFrame(function () {
        setTimeout(showOutline, 0);
      });
    },
    syncUrl: function (view) {
      if (!view || typeof view.query !== "string") {
        return;
      }
      document.documentElement.lang = view.lang === "fr" ? "fr" : "en";
      if (window.location.search !== view.query) {
        const url = window.location.pathname + view.query + window.location.hash;
        if (view.origin === "user") {
          window.history.pushState({}, "", url);
          // Lets dcc.Location see the new search, so Back and Forward restore this view later.
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        } else {
          window.history.replaceState({}, "", url);
        }
      }
    },
    print: function (clicks) {
      if (clicks) {
        window.print();
      }
    },
  },
});

// Presentation mode: the left and right arrow keys step through the highlighted countries' details.
document.addEventListener("keydown", function (event) {
  if (!document.querySelector(".page.presenting") || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) {
    return;
  }
  const target = event.target;
  const interactive = target.closest && target.closest("input, select, textarea, [role=slider], [role=combobox], [role=listbox]");
  if (interactive || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  const graph = document.querySelector("#map-graph .js-plotly-plot");
  // The engaged countries' layer, by the name dashboard/ui/figures.py gives it (not by its position in the figure).
  const engaged = graph && graph.data ? graph.data.find(function (trace) { return trace.name === "engaged"; }) : null;
  const highlighted = engaged ? engaged.locations.slice() : [];
  if (!highlighted.length) {
    return;
  }
  const current = new URLSearchParams(window.location.search).get("country");
  const index = highlighted.indexOf(current);
  const step = event.key === "ArrowRight" ? 1 : -1;
  const next = index < 0 ? (step > 0 ? 0 : highlighted.length - 1) : (index + step + highlighted.length) % highlighted.length;
  event.preventDefault();
  window.dash_clientside.set_props("present-step", {data: {iso3: highlighted[next], at: Date.now()}});
});

// The text version: a row's country button (data-iso3) selects the country, a header's button (data-sort) sorts.
// One store each instead of one callback input per button: new rows never fire a callback.
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest("#table-body button[data-iso3], #table-body button[data-sort]");
  if (!button) {
    return;
  }
  if (button.dataset.iso3) {
    window.dash_clientside.set_props("table-row-pick", {data: {iso3: button.dataset.iso3, at: Date.now()}});
  } else {
    window.dash_clientside.set_props("table-sort-pick", {data: {column: button.dataset.sort, at: Date.now()}});
  }
});

// Printing: plotly draws the map at the screen's size in pixels. Before printing, a viewBox lets the same drawing
// scale into the printed column (synchronous, unlike a re-layout); after printing it is removed again.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("#map-graph svg.main-svg").forEach(function (svg) {
    const width = svg.getAttribute("width"), height = svg.getAttribute("height");
    if (width && height && !svg.hasAttribute("viewBox")) {
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("data-print-fit", "1");
    }
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("#map-graph svg[data-print-fit]").forEach(function (svg) {
    svg.removeAttribute("viewBox");
    svg.removeAttribute("data-print-fit");
  });
});
