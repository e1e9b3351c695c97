"""The Download menu: the view as an image, a PDF, a slide or an offline page, each a link to the server's export;
then the data for reuse: the rows shown as a spreadsheet or CSV, and the whole data package; and where a download
says how it goes."""

from __future__ import annotations

from dash import html

from dashboard.core import i18n
from dashboard.core.state import ViewState, to_query
from dashboard.ui import ids

# (export, extra query, label): the links of dashboard.server.exports, in the menu's order.
LINKS = (
    ("map.png", "", "export_png"),
    ("map.png", "scale=2", "export_png_large"),
    ("map.svg", "", "export_svg"),
    ("map.pdf", "paper=letter", "export_pdf_letter"),
    ("map.pdf", "paper=a4", "export_pdf_a4"),
    ("slide.pptx", "", "export_pptx"),
    ("snapshot.html", "", "export_snapshot"),
    ("book.pdf", "", "export_book"),
)

# (download, label): the links of dashboard.server.downloads. The table's follow the view like the exports; the
# package is the whole data set, the same for every view.
DATA_LINKS = (
    ("engagements.xlsx", "download_xlsx"),
    ("engagements.csv", "download_csv"),
)
PACKAGE_LINK = ("data-package.zip", "download_package")


def export_href(kind: str, state: ViewState, extra: str = "") -> str:
    """Relative to the page, so that a path prefix carries over; assets/app.js refreshes the query from the address
    bar when the menu opens and when a link is followed, so a link always names the view shown."""
    query = to_query(state)
    return f"export/{kind}{query}" + (f"&{extra}" if extra else "")


def downloads(state: ViewState) -> html.Details:
    """A disclosure (a native <details>): Enter or Space opens it, Tab walks its links, Escape closes it."""
    lang = state.lang
    items = [html.Li(html.A(i18n.t(label, lang), href=export_href(kind, state, extra), className="export-link",
                            **{"data-export": f"export/{kind}", "data-extra": extra}))
             for kind, extra, label in LINKS]
    items += [html.Li(html.A(i18n.t(label, lang), href=f"download/{name}{to_query(state)}",
                             className="export-link data-link", **{"data-export": f"download/{name}"}),
                      className="data-first" if number == 0 else None)
              for number, (name, label) in enumerate(DATA_LINKS)]
    name, label = PACKAGE_LINK
    items.append(html.Li(html.A(i18n.t(label, lang), href=f"download/{name}", className="export-link data-link")))
    return html.Details(id=ids.MAP_EXPORT_MENU, className="export-menu", children=[
        html.Summary(i18n.t("export_menu", lang), className="button", title=i18n.t("export_menu_label", lang)),
        html.Ul(items, className="export-list", **{"aria-label": i18n.t("export_menu_label", lang)}),
    ])


# What assets/app.js says while it fetches a download, in the page's language: the data-* attribute of the status
# line -> the string ({seconds} and {name} are filled in the browser).
MESSAGES = {"preparing": "export_preparing", "saved": "export_saved", "busy": "export_busy_retrying",
            "stopped": "export_busy_stopped", "failed": "export_failed"}


def export_status(state: ViewState) -> html.Div:
    """A live region, empty until a download is asked for: assets/app.js fetches the export and saves it, so that a
    busy server (503) leaves the user on the dashboard with a message and a retry, never a page of plain text in
    its place. Without JavaScript the links stay ordinary links."""
    lang = state.lang
    return html.Div(id=ids.MAP_EXPORT_STATUS, className="export-status", role="status",
                    **{f"data-{name}": i18n.t(key, lang) for name, key in MESSAGES.items()}, children=[
        html.Span(className="export-message"),
        html.Button(i18n.t("export_retry", lang), className="button export-retry", type="button", hidden=True),
    ])
