// A pick of a country answered ahead. When the pointer rests on a country or a marker of the map, or a result of the
// country search or a country of the text version gets the focus or the pointer, the page asks the server what the
// view callback would answer that pick (dashboard/server/ahead.py: the callback's own answer, in its own bytes) and
// keeps it, per view shown, data version and data banner. The pick then applies that answer here, as Dash applies a
// callback's answer, with no request; a pick not fetched ahead, or one the server leaves to the callback (an answer
// of 204), asks the view callback as it always did. The map's click and the search box's pick come through the
// clientside callbacks below (dashboard/ui/callbacks/view.py); a table row and a presentation step call `pick`.
(function () {
  const IDS = JSON.parse(document.querySelector('meta[name="dashboard-contract"]').content).ids;
  const ROUTE = "_view-ahead";  // dashboard.server.routes.AHEAD_ROUTE, relative to the page (a path prefix carries over)
  const REST = 120;             // ms the pointer or the focus stays on a country before its answer is asked for
  const KEPT = 64;              // answers kept, the oldest out first
  const LIFETIME = 60000;       // ms an answer is used for (the route's max-age), so new data shows within a minute
  // key -> {at, promise, answer}: answer undefined while on its way, null when the pick is the callback's to answer,
  // else the callback's answer ({id: {property: value}}).
  const answers = new Map();
  let shown = null;    // the view state the page shows (assets/app.js followView, and every answer applied here)
  let resting = null;  // the timer of the country the pointer or the focus rests on

  function newest(update, view) {
    // The view callback's latest answer (ids.VIEW_UPDATE) is newer than the view state the page copies it to.
    return update && typeof update.query === "string" ? update : view;
  }

  function key(view, pick, iso3) {
    return [view.query, view.banner || "", view.data_version, pick, iso3].join("|");
  }

  function fresh(entry) {
    return !!entry && performance.now() - entry.at < LIFETIME;
  }

  // Ask ahead for what a pick of `iso3` would answer on the page as it is now (nothing for the country shown: a pick
  // of it changes nothing; no presentation step outside presentation mode).
  function fetchAhead(pick, iso3) {
    const view = shown;
    if (!view || !view.ahead || typeof iso3 !== "string" || iso3 === view.country || !window.fetch ||
        (pick === "step" && !view.presenting)) {
      return;
    }
    const name = key(view, pick, iso3);
    if (fresh(answers.get(name))) {
      return;
    }
    const params = new URLSearchParams({view: view.query, pick: pick, country: iso3, v: view.data_version});
    if (view.banner) {
      params.set("banner", view.banner);
    }
    const entry = {at: performance.now(), answer: undefined};
    entry.promise = window.fetch(ROUTE + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 204) {
          return null;
        }
        if (!response.ok) {
          throw new Error(String(response.status));  // 409: the data changed since the view was shown
        }
        return response.json().then(function (body) { return body.response; });
      })
      .then(function (answer) {
        entry.answer = answer;
        return answer;
      }, function () {
        if (answers.get(name) === entry) {
          answers.delete(name);  // not kept: the pick asks the callback, whose answer brings the new data version
        }
        entry.answer = null;
        return null;
      });
    answers.delete(name);
    answers.set(name, entry);
    while (answers.size > KEPT) {
      answers.delete(answers.keys().next().value);
    }
  }

  // A callback's answer applied in the page as Dash applies one, each component's new props in the answer's order,
  // all at once (the page renders them together); the view state it brings then moves the address bar and the
  // outline (assets/app.js), as after the callback itself.
  function apply(answer) {
    const update = answer[IDS.viewUpdate];
    if (update && update.data) {
      shown = update.data;
    }
    Object.keys(answer).forEach(function (id) { window.dash_clientside.set_props(id, answer[id]); });
    return window.dash_clientside.no_update;
  }

  function entryFor(pick, iso3, view) {
    const entry = view && view.ahead && typeof iso3 === "string" ? answers.get(key(view, pick, iso3)) : null;
    return fresh(entry) ? entry : null;
  }

  // A pick of `iso3` on the page showing `view`: its answer fetched ahead applied, else `ask()` (the view callback).
  // While the answer is on its way, a promise of either: the answer once it comes, unless the page moved on.
  function take(pick, iso3, view, ask) {
    rest(null);  // the pick is made: a rest that has not asked yet asks nothing
    const entry = entryFor(pick, iso3, view);
    if (!entry) {
      return ask();
    }
    if (entry.answer !== undefined) {
      return entry.answer ? apply(entry.answer) : ask();
    }
    return entry.promise.then(function (answer) {
      return answer && shown && shown.query === view.query ? apply(answer) : ask();
    });
  }

  function rest(pick, iso3) {
    window.clearTimeout(resting);
    if (pick && iso3) {
      resting = window.setTimeout(function () { fetchAhead(pick, iso3); }, REST);
    }
  }

  // The country of plotly's event or of the graph's clickData: a shape's location, a marker's customdata.
  function country(event) {
    const point = event && event.points && event.points[0];
    const code = point && (point.location || point.customdata);
    return typeof code === "string" ? code : null;
  }

  // A click on the map is taken once, by whichever comes first: plotly's own click event, here as soon as plotly
  // reports it (an answer in hand is applied at once), or Dash's callback on the graph's clickData (mapClick).
  let clickTaken = null;

  function takeClick(iso3) {
    const now = performance.now();
    if (clickTaken && clickTaken.iso3 === iso3 && now - clickTaken.at < 500) {
      return false;  // taken already
    }
    clickTaken = {iso3: iso3, at: now};
    return true;
  }

  // The map: plotly's hover names the country under the pointer. Each new graph (a page rendered again) is watched
  // once, as the pointer first comes over it.
  function watchMap() {
    const graph = document.querySelector("#" + IDS.graph + " .js-plotly-plot");
    if (!graph || graph.dashboardAhead || typeof graph.on !== "function") {
      return;
    }
    graph.dashboardAhead = true;
    graph.on("plotly_hover", function (event) { rest("click", country(event)); });
    graph.on("plotly_unhover", function () { rest(null); });
    graph.on("plotly_click", function (event) {
      const iso3 = country(event);
      const entry = entryFor("click", iso3, shown);
      if (entry && entry.answer && takeClick(iso3)) {
        apply(entry.answer);
      }
    });
  }

  // A result of the country search (its list is a popup that the search's button names in aria-controls), or a
  // country's button in the text version.
  function picked(target) {
    if (!target || !target.closest) {
      return null;
    }
    const option = target.closest(".dash-dropdown-option");
    if (option) {
      const search = document.getElementById(IDS.searchCountry);
      const list = option.closest("[id]");
      const input = option.querySelector("input[value]");
      return search && list && input && search.getAttribute("aria-controls") === list.id ? ["search", input.value]
        : null;
    }
    const row = target.closest("#" + IDS.tableBody + " button[data-iso3]");
    return row ? ["row", row.dataset.iso3] : null;
  }

  document.addEventListener("pointerdown", function () { rest(null); }, true);
  document.addEventListener("pointerover", function (event) {
    if (event.target.closest && event.target.closest("#" + IDS.graph)) {
      watchMap();
      return;
    }
    const found = picked(event.target);
    if (found) {
      rest(found[0], found[1]);
    }
  }, true);
  document.addEventListener("focusin", function (event) {
    const found = picked(event.target);
    if (found) {
      rest(found[0], found[1]);
    }
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ahead: {
      // A click on the map (ids.MAP_GRAPH's clickData): applied, or handed to the view callback (ids.MAP_CLICK).
      mapClick: function (click, update, view) {
        const iso3 = country(click);
        if (iso3 && !takeClick(iso3)) {
          return window.dash_clientside.no_update;
        }
        return take("click", iso3, newest(update, view), function () { return click; });
      },
      // The search box's value: a country picked (applied, or handed to the view callback through ids.SEARCH_PICK),
      // or the box following the view shown, which is no pick.
      searchPick: function (value, update, view) {
        const latest = newest(update, view);
        const iso3 = typeof value === "string" ? value : null;
        if (latest && iso3 === (latest.country || null)) {
          return window.dash_clientside.no_update;
        }
        return take("search", iso3, latest, function () { return {iso3: iso3, at: Date.now()}; });
      },
      // A table row or a presentation step (assets/app.js, assets/projector.js): `ask` hands it to the callback.
      pick: function (pick, iso3, ask) {
        take(pick, iso3, shown, ask);
      },
      // Asked ahead without a pointer: the presentation's next and previous countries (assets/projector.js).
      fetch: fetchAhead,
      // Every view state the page shows (assets/app.js followView).
      follow: function (view) {
        if (view && typeof view.query === "string") {
          shown = view;
        }
      },
    },
  });
})();
