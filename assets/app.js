// Client-side glue: the address bar follows the view (the URL is the state), and printing. The projector's keys
// and the legend's highlight are in projector.js.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
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
    print: function () {
      window.print();
    },
  },
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
