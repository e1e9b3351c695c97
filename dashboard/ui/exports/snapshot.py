"""One self-contained HTML file of a view: the interactive map (plotly.js and the shapes inside the file), the legend,
the text version's table and the sources. It opens from a USB stick with no server and no network: it asks for
nothing, and its own Content-Security-Policy forbids it to (no connection, no outside script, style, image or font).

Every text from the data is HTML-escaped; the data the map needs travels as JSON in a non-executable script element,
with "<", ">" and "&" escaped so that no value can close the element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pandas as pd
from plotly.utils import PlotlyJSONEncoder

from dashboard.core import i18n
from dashboard.core.composition import Composition, Shown
from dashboard.core.load import Dataset
from dashboard.core.tables import COLUMNS, engagement_table
from dashboard.core import look
from dashboard.ui.figures import base_figure

GEOJSON_KEY = "countries.geojson"  # the traces name their shapes by this key; window.PlotlyGeoAssets holds them
TOPOJSON_NAMES = ("world_110m", "world_50m")  # plotly.js asks for one of these even when every layer is off
CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": True, "responsive": True,
          "showSendToCloud": False, "showEditInChartStudio": False, "plotlyServerURL": "", "topojsonURL": ""}

# Before plotly.js runs: the shapes and the empty base layers, where plotly.js looks before it would fetch them.
ASSETS_SCRIPT = """(function () {
  var data = JSON.parse(document.getElementById("snapshot-data").textContent);
  var assets = window.PlotlyGeoAssets = {topojson: {}};
  data.topojsonNames.forEach(function (name) { assets.topojson[name] = data.topojson; });
  assets[data.geojsonKey] = data.geojson;
  window.snapshotData = data;
})();"""
DRAW_SCRIPT = """(function () {
  var data = window.snapshotData;
  Plotly.newPlot("map", data.figure.data, data.figure.layout, data.config).then(function (gd) {
    document.documentElement.setAttribute("data-map-drawn", "1");
  });
})();"""

STYLE = f"""
:root {{ --navy: {look.NAVY}; --text: {look.TEXT_COLOR}; --muted: {look.MUTED_COLOR}; --rule: {look.HAIRLINE_COLOR}; }}
html {{ font-size: 18px; }}
body {{ margin: 0; font-family: {look.FONT_FAMILY}; color: var(--text); background: #fff; line-height: 1.45; }}
a {{ color: {look.LINK_COLOR}; }}
:focus-visible {{ outline: 3px solid #0535d2; outline-offset: 2px; }}
.site-header {{ background: var(--navy); color: #fff; padding: 0.6rem 1.5rem 1rem; }}
.department {{ margin: 0; font-size: 0.95rem; }}
h1 {{ margin: 0.4rem 0 0; font-size: 1.7rem; line-height: 1.25; }}
main, footer {{ padding: 0 1.5rem; }}
h2 {{ font-size: 1.25rem; color: var(--navy); border-bottom: 3px solid {look.RULE_COLOR}; padding-bottom: 0.2rem; }}
.subtitle {{ font-size: 1.3rem; font-weight: 700; color: var(--navy); margin: 1rem 0 0.2rem; }}
.summary {{ font-weight: 700; margin: 0.2rem 0; }}
.status {{ margin: 0.2rem 0; }}
.caveat {{ color: {look.RULE_COLOR}; }}
.note {{ color: var(--muted); font-size: 0.9rem; margin: 0.3rem 0 0.8rem; }}
.layout {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(16rem, 24rem); gap: 1.5rem; align-items: start; }}
.map {{ width: 100%; aspect-ratio: 2 / 1; min-height: 240px; }}
.legend ul {{ list-style: none; padding: 0; margin: 0; display: grid; gap: 0.4rem; }}
.legend li {{ display: grid; grid-template-columns: 1.6rem 1fr auto; gap: 0.4rem; align-items: center; }}
.legend h2 {{ margin-top: 0; }}
.glyph {{ font-size: 1.2em; line-height: 1; }}
.swatch {{ display: inline-block; width: 1.1rem; height: 1.1rem; border-radius: 2px; }}
.swatch.selected {{ background: #fff; border: 3px solid var(--navy); width: 0.8rem; height: 0.8rem; }}
.count {{ font-weight: 700; white-space: nowrap; }}
.table-scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
caption {{ text-align: left; color: var(--muted); padding: 0.3rem 0; }}
th, td {{ border-bottom: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }}
thead th {{ background: #f5f5f5; }}
footer {{ border-top: 1px solid var(--rule); margin-top: 1.5rem; padding-bottom: 2rem; font-size: 0.95rem; }}
footer li {{ margin-bottom: 0.3rem; }}
@media (max-width: 900px) {{ .layout {{ grid-template-columns: minmax(0, 1fr); }} }}
@media print {{ .note {{ display: none; }} .map {{ height: 90mm; aspect-ratio: auto; }} }}
"""


def script_safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no "<", ">" or "&" (they can only occur inside strings)."""
    text = value if isinstance(value, str) else json.dumps(value, cls=PlotlyJSONEncoder, separators=(",", ":"),
                                                           ensure_ascii=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def script_safe_code(code: str) -> str:
    """Code inside a <script> element: "</script" and "<!--" would end or confuse it; in a string or a regular
    expression, where they can only occur, "<\\/" and "\\x3C!--" mean the same."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "\\x3C!--")


def csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _e(value: object) -> str:
    return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def legend_html(composition: Composition) -> str:
    items = []
    for entry in composition.legend_rows():
        spec = look.LEGEND_KEYS[entry.key]
        if spec.kind == "swatch":
            key = f'<span class="swatch" style="background:{spec.color}" aria-hidden="true"></span>'
        elif spec.kind == "outline":
            key = '<span class="swatch selected" aria-hidden="true"></span>'
        else:
            key = f'<span class="glyph" style="color:{spec.color}" aria-hidden="true">{spec.glyph}</span>'
        label = f"<strong>{_e(entry.label)}</strong>" if entry.key == "selected" else f"<span>{_e(entry.label)}</span>"
        count = f'<span class="count">{_e(entry.count)}</span>' if entry.count else "<span></span>"
        items.append(f"<li>{key}{label}{count}</li>")
    return (f'<aside class="legend" aria-labelledby="legend-title"><h2 id="legend-title">'
            f'{_e(composition.legend_title)}</h2><ul>{"".join(items)}</ul></aside>')


def table_html(dataset: Dataset, rows: pd.DataFrame, lang: str) -> str:
    table = engagement_table(dataset, rows, lang)
    title = _e(i18n.t("table_title", lang))
    if table.empty:
        return f'<section aria-labelledby="table-title"><h2 id="table-title">{title}</h2>' \
               f'<p>{_e(i18n.t("table_empty", lang))}</p></section>'
    # A column's name may carry the statuses' year ("Status as of 2019"): filled, never left as its placeholder.
    head = "".join(f'<th scope="col">{_e(i18n.t(f"column_{column}", lang, year=dataset.status_as_of))}</th>'
                   for column in COLUMNS)
    body = []
    for record in table.itertuples(index=False):
        cells = [f'<th scope="row">{_e(record.country)}</th>' if column == "country"
                 else f"<td>{_e(getattr(record, column))}</td>" for column in COLUMNS]
        body.append(f'<tr data-iso3="{_e(record.iso3)}">{"".join(cells)}</tr>')
    return (f'<section aria-labelledby="table-title"><h2 id="table-title">{title}</h2>'
            f'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="table-title">'
            f'<table id="engagements"><caption>{_e(i18n.t("export_table_caption", lang))}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>')


ADDRESS = re.compile(r"https?://[^\s;<>\"]+")


def linked(text: str) -> str:
    """A citation's text, escaped, its address a link that opens in a new tab (a click, never a request of the file's
    own: its Content-Security-Policy forbids those)."""
    parts, last = [], 0
    for match in ADDRESS.finditer(text):
        url = match.group(0)
        parts += [_e(text[last:match.start()]),
                  f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(url)}</a>']
        last = match.end()
    return "".join(parts) + _e(text[last:])


def footer_html(composition: Composition, dataset: Dataset) -> str:
    lang = composition.lang
    shown = "".join(f"<li>{linked(source)}</li>" for source in composition.sources)
    return (f'<footer><h2>{_e(i18n.t("sources_title", lang))}</h2><p>{_e(i18n.t("sources_note", lang))}</p>'
            f'<ul class="sources">{shown}</ul>'
            f'<p>{_e(composition.geometry_credit)}</p>'
            f'<p class="date-modified">{_e(composition.date_modified)}</p>'
            f'<p>{_e(composition.department)}</p>'
            + (f'<p>{_e(composition.view_line.replace(composition.view_url, ""))}'
               f'<a href="{_e(composition.view_url)}">{_e(composition.view_url)}</a></p>' if composition.view_url else "")
            + '</footer>')


def data_block(dataset: Dataset, topojson: str, figures: str) -> str:
    """The JSON the file's scripts read: the shapes, the empty base layers, the graph's config, and `figures` (a
    member, `"figure":{...}` or `"steps":[...]`, already script-safe)."""
    return ('{"geojsonKey":' + json.dumps(GEOJSON_KEY) + ',"topojsonNames":' + json.dumps(list(TOPOJSON_NAMES))
            + ',"config":' + json.dumps(CONFIG) + "," + figures
            + ',"topojson":' + script_safe_json(topojson.strip())
            + ',"geojson":' + script_safe_json(dataset.geometry_bytes.decode("utf-8").strip()) + "}")


def csp_for(*scripts: str) -> str:
    """The file's own Content-Security-Policy: these scripts by hash, inline styles, and no request of any kind."""
    return ("default-src 'none'; script-src " + " ".join(csp_hash(code) for code in scripts)
            + "; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
              "base-uri 'none'; form-action 'none'")


def scripts_html(data: str, plotly_code: str, last: str) -> str:
    """The data block, then the scripts in the order they run: the assets, plotly.js, then the file's own."""
    return (f'<script type="application/json" id="snapshot-data">{data}</script>\n<script>{ASSETS_SCRIPT}</script>\n'
            f"<script>{plotly_code}</script>\n<script>{last}</script>")


def status_html(composition: Composition) -> str:
    caveat = f' · <span class="caveat">{_e(composition.caveat)}</span>' if composition.caveat else ""
    return f'<p class="status"><strong>{_e(composition.status)}</strong>{caveat}</p>'


def build(composition: Composition, dataset: Dataset, shown: Shown, plotly_js: str, topojson: str) -> bytes:
    """The snapshot's bytes (UTF-8). `plotly_js` is the plotly.js the page uses; `topojson` its empty base layers."""
    lang = composition.lang
    state, rows = shown.state, shown.rows
    figure = base_figure(dataset, GEOJSON_KEY, state, shown.summary, plotly_outline=True)  # no app.js here to draw it
    data = data_block(dataset, topojson, '"figure":' + script_safe_json(figure))
    plotly_code = script_safe_code(plotly_js)
    csp = csp_for(ASSETS_SCRIPT, plotly_code, DRAW_SCRIPT)
    note = i18n.t("export_snapshot_note", lang, date=i18n.format_day(dataset.date_modified, lang))
    alt = composition.map_alt
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_e(composition.department)}">
<title>{_e(composition.title)} · {_e(composition.subtitle)}</title>
<style>{STYLE}</style>
</head>
<body>
<header class="site-header"><p class="department">{_e(composition.department)}</p><h1>{_e(composition.title)}</h1></header>
<main>
<p class="subtitle">{_e(composition.subtitle)}</p>
<p class="summary">{_e(composition.summary)}</p>
{status_html(composition)}
<p class="note">{_e(note)}</p>
<div class="layout">
<div id="map" class="map" role="img" aria-label="{_e(alt)}"></div>
{legend_html(composition)}
</div>
{table_html(dataset, rows, lang)}
</main>
{footer_html(composition, dataset)}
{scripts_html(data, plotly_code, DRAW_SCRIPT)}
</body>
</html>
"""
    return page.encode("utf-8")


# --- a briefing that plays offline ------------------------------------------------------------------------------

# Steps: each step's figure in the data block, its words in a <section data-step> of the page (hidden but the one
# played). Page Down, → or Space go on, Page Up or ← go back (a clicker sends Page Down and Page Up); the buttons too.
PLAY_SCRIPT = """(function () {
  var data = window.snapshotData, sections = document.querySelectorAll("section[data-step]");
  var counter = document.getElementById("step-counter"), current = -1;
  function show(index) {
    index = Math.max(0, Math.min(sections.length - 1, index));
    if (index === current) { return; }
    current = index;
    sections.forEach(function (section, i) { section.hidden = i !== index; });
    counter.textContent = counter.getAttribute("data-template").replace("{n}", String(index + 1))
      .replace("{total}", String(sections.length));
    var figure = data.steps[index];
    Plotly.react("map", figure.data, figure.layout, data.config).then(function () {
      document.documentElement.setAttribute("data-step-drawn", String(index + 1));
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var step = {PageDown: 1, ArrowRight: 1, " ": 1, PageUp: -1, ArrowLeft: -1}[event.key];
    if (step) { event.preventDefault(); show(current + step); }
  });
  document.getElementById("step-next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("step-previous").addEventListener("click", function () { show(current - 1); });
  show(0);
})();"""

BRIEFING_STYLE = """
.step-bar { display: flex; gap: 0.8rem; align-items: center; margin: 0.8rem 0; }
.step-bar button { font: inherit; padding: 0.2rem 0.8rem; border: 1px solid var(--navy); background: #fff; color: var(--navy); }
#step-counter { font-weight: 700; color: #fff; background: var(--navy); padding: 0 0.5rem; border-radius: 4px; }
.caption-title { font-size: 1.5rem; color: var(--navy); margin: 0.3rem 0; }
.caption-note { font-size: 1.1rem; margin: 0.2rem 0 0.6rem; }
"""


def build_briefing(lang: str, title: str, steps: list[tuple[Composition, dict, str, str, str]], dataset: Dataset,
                   plotly_js: str, topojson: str) -> bytes:
    """One self-contained file that plays a briefing: `steps` are (words, figure, caption title, note, marker of a
    caption in the other language) per step. It asks for nothing, as the snapshot."""
    figures = ",".join(script_safe_json(figure) for _, figure, *_ in steps)
    data = data_block(dataset, topojson, '"steps":[' + figures + "]")
    plotly_code = script_safe_code(plotly_js)
    csp = csp_for(ASSETS_SCRIPT, plotly_code, PLAY_SCRIPT)
    sections = []
    for number, (words, _figure, caption, note, other) in enumerate(steps, start=1):
        sections.append(
            f'<section data-step="{number}" aria-label="{_e(i18n.t("briefing_step_label", lang, n=number))}"'
            f'{" hidden" if number > 1 else ""}>'
            f'<h2 class="caption-title">{_e(caption)}</h2>'
            + (f'<p class="note">{_e(other)}</p>' if other else "")
            + (f'<p class="caption-note">{_e(note)}</p>' if note else "")
            + f'<p class="subtitle">{_e(words.subtitle)}</p><p class="summary">{_e(words.summary)}</p>'
            + status_html(words) + legend_html(words) + "</section>")
    first = steps[0][0] if steps else None
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{STYLE}{BRIEFING_STYLE}</style>
</head>
<body>
<header class="site-header"><p class="department">{_e(i18n.t("department", lang))}</p><h1>{_e(title)}</h1></header>
<main>
<div class="step-bar">
<button type="button" id="step-previous">{_e(i18n.t("briefing_previous", lang))}</button>
<span id="step-counter" aria-live="polite" data-template="{_e(i18n.t("briefing_playing", lang, n="{n}", total="{total}"))}"></span>
<button type="button" id="step-next">{_e(i18n.t("briefing_next", lang))}</button>
<span class="note">{_e(i18n.t("briefing_keys_offline", lang))}</span>
</div>
<div class="layout">
<div id="map" class="map" role="img" aria-label="{_e(first.map_alt if first else title)}"></div>
<div>{"".join(sections)}</div>
</div>
</main>
{footer_html(first, dataset) if first else ""}
{scripts_html(data, plotly_code, PLAY_SCRIPT)}
</body>
</html>
"""
    return page.encode("utf-8")
