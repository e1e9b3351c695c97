// Keeps the address bar, the page language and the title in step with the view (the URL is the state).
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
  },
});
