// Client-side glue: the address bar follows the view (the URL is the state), printing, and presentation keys.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    syncUrl: function (view) {
      if (!view || typeof view.query !== "string") {
        return;
      }
      document.documentElement.lang = view.lang === "fr" ? "fr" : "en";
      if (typeof view.title === "string" && view.title) {
        document.title = view.title;  // the browser tab and screen readers follow the language link
      }
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
    print: function () {
      window.print();
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
