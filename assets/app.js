// Client-side glue: the address bar follows the view (the URL is the state), the selected country's outline,
// printing, and the text version's buttons. The projector's keys and the legend's highlight are in projector.js.
// Ids as the page defines them (dashboard/ui/ids.py CONTRACT, in the head's meta tag), never written here.
const IDS = JSON.parse(document.querySelector('meta[name="dashboard-contract"]').content).ids;
let addressSeen = false;   // whether urlChanged has seen the address bar yet (the first look is the page's own)
let wantedOutline = [];    // the selected country the latest view asks to outline ([] or [iso3])

// The selected country's outline, drawn here rather than by plotly: a copy of the country's shape from the base
// layer, over the fills, in the colour and width of the figure's "selected" trace (data only, never drawn by plotly,
// dashboard/ui/figures.py). Moving it costs nothing; a change of plotly's data would redraw the whole map. It follows
// plotly's own redraws of the shape (pan, zoom) and is drawn again after each of plotly's redraws.
let outlineWatch = null;

function traceIndex(graph, name) {
  return graph.data.findIndex(function (trace) { return trace.name === name; });
}

let outlineWaiting = false;

// The map's still picture (dashboard/ui/picture.py), the graph's background until plotly has drawn the countries
// over it on its see-through paper: then it goes, so that a later view never shows the first one's markers beneath.
// A new page brings a new picture (a new style for the graph), which goes the same way.
function dropPicture(graph) {
  const holder = graph.closest(".map-graph");
  if (holder && holder.style.backgroundImage && holder.style.backgroundImage !== "none" &&
      graph.querySelector("path.choroplethlocation")) {
    holder.style.backgroundImage = "none";
  }
}

function drawOutline(tries) {
  const graph = document.querySelector("#" + IDS.graph + " .js-plotly-plot");
  if (!graph || !graph.data || !graph._fullLayout || typeof graph.on !== "function") {
    // Not drawn yet (the first load, a new page): look again at the next frames, for a minute at most.
    if (tries === undefined && outlineWaiting) {
      return;
    }
    outlineWaiting = (tries || 0) < 3600;
    if (outlineWaiting) {
      window.requestAnimationFrame(function () { drawOutline((tries || 0) + 1); });
    }
    return;
  }
  outlineWaiting = false;
  if (!graph.dashboardOutline) {
    graph.dashboardOutline = true;
    graph.on("plotly_afterplot", function () { dropPicture(graph); drawOutline(); });
  }
  const selected = traceIndex(graph, "selected"), base = traceIndex(graph, "base");
  if (selected < 0 || base < 0) {
    return;
  }
  // The trace's data says what is selected (tests and later redraws read it), without redrawing anything.
  graph.data[selected].locations = wantedOutline.slice();
  graph.data[selected].z = wantedOutline.map(function () { return 1; });
  if (outlineWatch) {
    outlineWatch.disconnect();
    outlineWatch = null;
  }
  graph.querySelectorAll("path.dashboard-outline").forEach(function (old) { old.remove(); });
  const layers = graph.querySelectorAll("g.trace.choropleth");  // the base layer first, then the fills
  const index = wantedOutline.length ? graph.data[base].locations.indexOf(wantedOutline[0]) : -1;
  const shape = index >= 0 && layers.length ? layers[0].querySelectorAll("path.choroplethlocation")[index] : null;
  if (!shape) {
    return;
  }
  const line = graph.data[selected].marker.line;
  const outline = document.createElementNS("http://www.w3.org/2000/svg", "path");
  outline.setAttribute("class", "dashboard-outline");
  outline.setAttribute("d", shape.getAttribute("d"));
  outline.style.stroke = line.color;
  outline.style.strokeWidth = line.width + "px";
  // Beside plotly's layer of choropleths, not in it: plotly moves every path of that layer on a pan.
  const layer = layers[0].parentNode;
  layer.parentNode.insertBefore(outline, layer.nextSibling);
  outlineWatch = new MutationObserver(function () { outline.setAttribute("d", shape.getAttribute("d")); });
  outlineWatch.observe(shape, {attributes: true, attributeFilter: ["d"]});
  document.dispatchEvent(new CustomEvent("dashboard:outline"));  // the details' placement follows (projector.js)
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
    // The page's class, as the view state brings it (dashboard/ui/components/layout.py view_data); unchanged, it
    // is not set again (nothing to restyle).
    pageClass: function (view) {
      const wanted = view && typeof view.page_class === "string" ? view.page_class : null;
      const page = document.getElementById(IDS.page);
      return !wanted || (page && page.className === wanted) ? window.dash_clientside.no_update : wanted;
    },
    // The address bar and the map's outline follow the view state.
    followView: function (view) {
      window.dash_clientside.ahead.follow(view);  // picks are asked ahead for the view shown (assets/ahead.js)
      window.dash_clientside.dashboard.syncUrl(view);
      window.dash_clientside.dashboard.outlineSelection(view);
      const words = document.getElementById(IDS.viewWords);
      if (words && view && typeof view.view_words === "string" && words.textContent !== view.view_words) {
        words.textContent = view.view_words;  // printed above the map (assets/style.css)
      }
    },
    // A new selection moves the outline at once, with the details: nothing of the map is redrawn.
    outlineSelection: function (view) {
      if (!view || typeof view.query !== "string") {
        return;
      }
      wantedOutline = view.country ? [view.country] : [];
      drawOutline();
    },
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
        if (view.origin === "user" && view.history !== "replace") {
          window.history.pushState({}, "", url);  // a view a briefer would name: Back comes back to it
        } else {
          window.history.replaceState({}, "", url);  // a filter's tick: the current entry follows it
        }
        if (view.origin === "user") {
          // Lets dcc.Location see the new search, so Back and Forward restore this view later.
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
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

// The briefing panel (dashboard/ui/components/briefing.py): a button's data-action and data-step, and for a caption
// the editor's fields, go to the view callback through one store.
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest(".briefing button[data-action]");
  if (!button || button.disabled) {
    return;
  }
  const press = {action: button.dataset.action, at: Date.now()};
  if (button.dataset.step) {
    press.step = parseInt(button.dataset.step, 10);
  }
  const editor = button.closest(".briefing-editor");
  if (editor && press.action === "caption") {
    press.captions = {};
    editor.querySelectorAll("[data-field]").forEach(function (label) {
      const [language, part] = label.dataset.field.split("-");
      const field = label.querySelector("input, textarea");
      press.captions[language] = press.captions[language] || {};
      press.captions[language][part] = field ? field.value : "";
    });
  }
  window.dash_clientside.set_props(IDS.briefingAction, {data: press});
});

// The text version: a row's country button (data-iso3) selects the country (its answer fetched ahead when the page has
// it, assets/ahead.js), a header's button (data-sort) sorts. One store each instead of one callback input per button:
// new rows never fire a callback.
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest("#" + IDS.tableBody + " button[data-iso3], #" + IDS.tableBody + " button[data-sort]");
  if (!button) {
    return;
  }
  if (button.dataset.iso3) {
    const iso3 = button.dataset.iso3;
    window.dash_clientside.ahead.pick("row", iso3, function () {
      window.dash_clientside.set_props(IDS.tableRowPick, {data: {iso3: iso3, at: Date.now()}});
    });
  } else {
    window.dash_clientside.set_props(IDS.tableSortPick, {data: {column: button.dataset.sort, at: Date.now()}});
  }
});

// Printing: plotly draws the map at the screen's size in pixels, and may draw it again at another size while the page
// is printed (its resize follows the printed box). A viewBox on the map's frame (the geo subplot's clipping
// rectangle: the map without the empty paper around it, e.g. in presentation mode) lets whichever drawing is current
// scale into the printed box, which has the frame's shape (assets/style.css); it is set again if plotly draws again
// while printing, and removed after printing.
let printWatch = null;

function fitForPrint() {
  const graph = document.querySelector("#" + IDS.graph + " .js-plotly-plot");
  if (!graph) {
    return;
  }
  const frame = graph.querySelector("clipPath[id$='geo'] rect");
  graph.querySelectorAll("svg.main-svg").forEach(function (svg) {
    const box = frame ? ["x", "y", "width", "height"].map(function (name) { return parseFloat(frame.getAttribute(name)); })
      : [0, 0, parseFloat(svg.getAttribute("width")), parseFloat(svg.getAttribute("height"))];
    if (box.every(isFinite) && box[2] > 0 && box[3] > 0) {
      const viewBox = box.map(function (value) { return Math.round(value * 100) / 100; }).join(" ");
      if (svg.getAttribute("viewBox") !== viewBox) {
        svg.setAttribute("viewBox", viewBox);
      }
      svg.setAttribute("data-print-fit", "1");
    }
  });
  if (!printWatch) {
    printWatch = new MutationObserver(fitForPrint);
    printWatch.observe(graph, {attributes: true, attributeFilter: ["width", "height"], subtree: true});
  }
}

window.addEventListener("beforeprint", fitForPrint);
window.addEventListener("afterprint", function () {
  if (printWatch) {
    printWatch.disconnect();
    printWatch = null;
  }
  document.querySelectorAll("#" + IDS.graph + " svg[data-print-fit]").forEach(function (svg) {
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
  // A download is fetched here and saved from memory, so that a refusal (503 while the server renders other exports,
  // dashboard/server/exports.py) leaves the user on the dashboard: the status line (ui/components/downloads.py)
  // says so in the page's language, tries again by itself after the server's Retry-After, a few times, and offers
  // a button. Nothing is sent anywhere but the export's own GET. Without JavaScript the link is an ordinary link.
  const AUTOMATIC_TRIES = 3;
  let attempt = 0;       // the latest download asked for: an older one's answer no longer speaks or retries
  let retryTimer = null;

  function say(kind, values, retryHref) {
    const status = document.getElementById(IDS.exportStatus);
    if (!status) {
      return;
    }
    let text = status.getAttribute("data-" + kind) || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    status.querySelector(".export-message").textContent = text;
    status.className = "export-status" + (text ? " shown " + kind : "");
    const retry = status.querySelector(".export-retry");
    retry.hidden = !retryHref;
    retry.setAttribute("data-href", retryHref || "");
  }

  function retryAfter(header) {
    // Seconds, or an HTTP date; kept between 1 s and a minute.
    let seconds = parseInt(header, 10);
    if (isNaN(seconds) && header) {
      seconds = Math.ceil((Date.parse(header) - Date.now()) / 1000);
    }
    return Math.min(60, Math.max(1, isNaN(seconds) ? 5 : seconds));
  }

  function fileName(response, href) {
    const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return found ? found[1] : href.split("?")[0].split("/").pop();
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function download(href, tries) {
    const mine = ++attempt;
    window.clearTimeout(retryTimer);
    say("preparing");
    window.fetch(href, {credentials: "same-origin"}).then(function (response) {
      if (response.ok) {
        return response.blob().then(function (blob) {
          const name = fileName(response, href);
          save(blob, name);
          if (mine === attempt) {
            say("saved", {name: name});
          }
        });
      }
      if (mine !== attempt) {
        return;
      }
      if (response.status === 503 && tries < AUTOMATIC_TRIES) {
        const seconds = retryAfter(response.headers.get("Retry-After"));
        say("busy", {seconds: seconds}, href);
        retryTimer = window.setTimeout(function () { download(href, tries + 1); }, seconds * 1000);
      } else {
        say(response.status === 503 ? "stopped" : "failed", {}, href);
      }
    }).catch(function () {
      if (mine === attempt) {
        say("failed", {}, href);
      }
    });
  }

  document.addEventListener("click", function (event) {
    const retry = event.target.closest && event.target.closest("#" + IDS.exportStatus + " .export-retry");
    if (retry && retry.getAttribute("data-href")) {
      download(retry.getAttribute("data-href"), 0);
      return;
    }
    const link = event.target.closest && event.target.closest(".export-menu a[data-export]");
    if (link) {
      // Every link, not only this one: the menu closes below, and a toggle event that comes late (the menu opened
      // and closed again before it fired) would not refresh them.
      refresh(link.closest(".export-menu"));
      // A click that asks for a new tab or window, or a save-as, stays the browser's.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !window.fetch) {
        return;
      }
      event.preventDefault();
      // The choice is made: the menu closes, as a menu does, and the focus goes back to its button.
      const menu = link.closest(".export-menu");
      menu.open = false;
      menu.querySelector("summary").focus();
      download(link.href, 0);
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
