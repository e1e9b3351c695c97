// Client-side glue: the address bar follows the view (the URL is the state), and printing. The projector's keys
// and the legend's highlight are in projector.js.
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

// --- Exports: the Download menu (dashboard/ui/components/downloads.py) -------------------------------------------
// Its links name the view the page was rendered for; the view changes in the address bar without a new page, so each
// link takes the current query when the menu opens and when it is followed (a click, or Enter on the link).
(function () {
  function exportHref(link) {
    const params = new URLSearchParams(window.location.search);
    new URLSearchParams(link.getAttribute("data-extra") || "").forEach(function (value, key) {
      params.set(key, value);
    });
    const query = params.toString();
    return link.getAttribute("data-export") + (query ? "?" + query : "");
  }
  function refresh(menu) {
    menu.querySelectorAll("a[data-export]").forEach(function (link) {
      link.setAttribute("href", exportHref(link));
    });
  }
  // "toggle" does not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (event) {
    if (event.target.classList && event.target.classList.contains("export-menu") && event.target.open) {
      refresh(event.target);
    }
  }, true);
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest(".export-menu a[data-export]");
    if (link) {
      link.setAttribute("href", exportHref(link));
      return;
    }
    // A click elsewhere closes an open menu, as a menu does.
    document.querySelectorAll(".export-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }, true);
  // Escape closes the menu and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    const menu = event.target.closest && event.target.closest(".export-menu[open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
