"""The view state (language, filters, selected country), its round trip through the URL, and the next state for an event."""

from __future__ import annotations

import dataclasses
import re
import weakref
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

from dashboard.core import i18n
from dashboard.core.filtering import Filters
from dashboard.core.i18n import DEFAULT_LANG, LANGS
from dashboard.core.schema import CATEGORIES
from dashboard.core.views import DEFAULT_ZOOM, ZOOMS, view_for_point

if TYPE_CHECKING:
    from dashboard.core.load import Dataset

MAX_QUERY = 2000  # longer query strings are ignored whole: no real view needs more


@dataclasses.dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    categories: tuple[str, ...] = CATEGORIES
    programs: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    confirmed_only: bool = False
    country: str | None = None
    presenting: bool = False  # presentation mode: large type, controls out of the way
    zoom: str = DEFAULT_ZOOM  # regional focus of the map (dashboard.core.views)

    @property
    def filters(self) -> Filters:
        return Filters(self.categories, self.programs, self.regions, self.years, self.confirmed_only)

    def to_store(self) -> dict:
        return dataclasses.asdict(self)

    def replace(self, **changes: object) -> "ViewState":
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """What the data allows, so that values from a URL or a request are kept only when they mean something."""

    programs: frozenset[str]
    regions: frozenset[str]
    countries: frozenset[str]
    year_bounds: tuple[int, int]
    points: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)  # label point per country


def _categories(values: object) -> tuple[str, ...]:
    """An empty list means none chosen; anything else without a known category means the default (all)."""
    if isinstance(values, (list, tuple)) and not values:
        return ()
    return _pick(values, CATEGORIES, CATEGORIES) or CATEGORIES


def _pick(values: object, allowed: frozenset[str] | tuple[str, ...], order: tuple[str, ...] | None = None
          ) -> tuple[str, ...]:
    if not isinstance(values, (list, tuple)):
        return ()
    kept = {v for v in values if isinstance(v, str) and v in allowed}
    return tuple(v for v in (order or sorted(allowed)) if v in kept)


def _years(value: object, bounds: tuple[int, int]) -> tuple[int, int] | None:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    first, last = max(value[0], bounds[0]), min(value[1], bounds[1])
    if first > last or (first, last) == bounds:
        return None
    return first, last


def from_values(vocab: Vocabulary, lang: object = None, categories: object = None, programs: object = None,
                regions: object = None, years: object = None, confirmed_only: object = False,
                country: object = None, presenting: object = False, zoom: object = None) -> ViewState:
    """A valid state from untrusted values: anything unknown or malformed falls back to its default."""
    return ViewState(
        lang=lang if lang in LANGS else DEFAULT_LANG,
        categories=_categories(categories),
        programs=_pick(programs, vocab.programs),
        regions=_pick(regions, vocab.regions),
        years=_years(years, vocab.year_bounds),
        confirmed_only=confirmed_only is True,
        country=country if isinstance(country, str) and country in vocab.countries else None,
        presenting=presenting is True,
        zoom=zoom if isinstance(zoom, str) and zoom in ZOOMS else DEFAULT_ZOOM,
    )


def from_store(vocab: Vocabulary, data: object) -> ViewState:
    data = data if isinstance(data, dict) else {}
    return from_values(vocab, data.get("lang"), data.get("categories"), data.get("programs"),
                       data.get("regions"), data.get("years"), data.get("confirmed_only"), data.get("country"),
                       data.get("presenting"), data.get("zoom"))


def parse_query(vocab: Vocabulary, search: object) -> ViewState:
    """?lang=fr&category=grsi,forum&program=IGC&region=europe&years=2017-2019&confirmed=1&country=ARG&present=1
    &zoom=europe"""
    if not isinstance(search, str) or len(search) > MAX_QUERY:
        return ViewState()
    params = {k: v[-1] for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}

    def listed(key: str) -> list[str] | None:
        if key not in params:
            return None
        return [part.strip() for part in params[key].split(",") if part.strip()]

    years = None
    match = re.fullmatch(r"(\d{4})-(\d{4})", params.get("years", ""))
    if match:
        years = [int(match.group(1)), int(match.group(2))]
    return from_values(vocab, params.get("lang"), listed("category"),
                       listed("program"), listed("region"), years, params.get("confirmed") == "1",
                       (params.get("country") or "").upper() or None, params.get("present") == "1",
                       params.get("zoom"))


def to_query(state: ViewState) -> str:
    """The shortest query string that restores state (defaults are left out)."""
    params: dict[str, str] = {"lang": state.lang}
    if state.categories != CATEGORIES:
        params["category"] = ",".join(state.categories)
    if state.programs:
        params["program"] = ",".join(state.programs)
    if state.regions:
        params["region"] = ",".join(state.regions)
    if state.years is not None:
        params["years"] = f"{state.years[0]}-{state.years[1]}"
    if state.confirmed_only:
        params["confirmed"] = "1"
    if state.country:
        params["country"] = state.country
    if state.presenting:
        params["present"] = "1"
    if state.zoom != DEFAULT_ZOOM:
        params["zoom"] = state.zoom
    return "?" + urlencode(params, safe=",")


def vocabulary(dataset: "Dataset") -> Vocabulary:
    """What the data allows; every request needs it, so it is built once per data set (a reload brings a new one)."""
    found = _VOCABULARIES.get(id(dataset))
    if found is None:
        countries = dataset.countries
        found = Vocabulary(programs=frozenset(dataset.programs.index), regions=frozenset(countries["region"]),
                           countries=frozenset(countries.index), year_bounds=dataset.year_bounds,
                           points=dict(zip(countries.index, zip(countries["label_lon"], countries["label_lat"]))))
        _VOCABULARIES[id(dataset)] = found
        weakref.finalize(dataset, _VOCABULARIES.pop, id(dataset), None)  # gone with its data set
    return found


_VOCABULARIES: dict[int, Vocabulary] = {}


def country_from_click(click_data: object) -> str | None:
    """The ISO3 of a clicked polygon (its location) or marker (its customdata); None for anything else."""
    try:
        point = click_data["points"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(point, dict):
        return None
    code = point.get("location") or point.get("customdata")
    return code if isinstance(code, str) else None


# --- the next state for one event ----------------------------------------------------------------------------------

# What a user can do, as the page reports it: change a filter, click the map, clear the details, search, step with
# the arrow keys (presentation mode), choose a table row, toggle presentation mode, reset the filters, or focus a
# region.
EVENTS = ("filters", "click", "clear", "search", "step", "row", "present", "reset", "zoom", "show")
# The presenter's one choice of what the map shows (ui.components.map_panel's "Show" list): everything, one
# category, or one program or forum. Its values:
SHOW_ALL = "all"
SHOW_CATEGORY = "category:"
SHOW_PROGRAM = "program:"


@dataclasses.dataclass(frozen=True)
class Event:
    kind: str                 # one of EVENTS
    country: object = None    # the country the event names (untrusted): clicked, searched, stepped to, chosen
    zoom: object = None       # the regional focus chosen (untrusted)
    show: object = None       # what the presenter chose to show (untrusted): SHOW_ALL, category:..., program:...


def chosen_country(previous: ViewState, event: Event) -> str | None:
    """The country after this event: clicked, searched, chosen in the table, stepped to, or cleared."""
    named = event.country if isinstance(event.country, str) else None
    if event.kind in ("click", "step", "row"):
        return named or previous.country  # a click on the ocean, a malformed step: the selection stays
    if event.kind == "clear":
        return None
    if event.kind == "search":
        return named  # the search box emptied: no country
    return previous.country


def next_state(vocab: Vocabulary, previous: ViewState, event: Event, categories: object, programs: object,
               regions: object, years: object, confirmed: object) -> ViewState:
    """The view state after one event, from the controls' untrusted values: a valid state out. A reset ignores
    the controls: every filter and the regional focus go back to their defaults (the language, country and
    presentation mode stay). A choice of what to show sets the categories and programs, clears the other filters
    and the country, and keeps the focus."""
    if event.kind == "reset":
        return previous.replace(categories=CATEGORIES, programs=(), regions=(), years=None, confirmed_only=False,
                                zoom=DEFAULT_ZOOM)
    if event.kind == "show":
        shown = shown_for(vocab, event.show)
        if shown is None:
            return previous
        return previous.replace(categories=shown[0], programs=shown[1], regions=(), years=None, confirmed_only=False,
                                country=None)
    presenting = not previous.presenting if event.kind == "present" else previous.presenting
    confirmed_only = isinstance(confirmed, list) and "yes" in confirmed
    country = chosen_country(previous, event)
    zoom = event.zoom if event.kind == "zoom" else previous.zoom
    if event.kind in ("search", "row", "step") and country in vocab.points:
        # A country chosen by name may lie outside the regional focus: bring it into view (a click cannot).
        zoom = view_for_point(zoom if zoom in ZOOMS else DEFAULT_ZOOM, *vocab.points[country])
    return from_values(vocab, previous.lang, categories if isinstance(categories, list) else None, programs,
                       regions, years, confirmed_only, country, presenting, zoom)


def shown_for(vocab: Vocabulary, value: object) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(categories, programs) for a value of the presenter's "Show" list; None for anything it does not offer."""
    if value == SHOW_ALL:
        return CATEGORIES, ()
    if isinstance(value, str) and value.startswith(SHOW_CATEGORY) and value[len(SHOW_CATEGORY):] in CATEGORIES:
        return (value[len(SHOW_CATEGORY):],), ()
    if isinstance(value, str) and value.startswith(SHOW_PROGRAM) and value[len(SHOW_PROGRAM):] in vocab.programs:
        return CATEGORIES, (value[len(SHOW_PROGRAM):],)
    return None


def show_value(state: ViewState) -> str | None:
    """The "Show" list's value for a view: the one that gives its categories and programs, when the other filters
    are their defaults; None when the view is something the list cannot say."""
    if state.regions or state.years is not None or state.confirmed_only:
        return None
    if state.programs:
        return SHOW_PROGRAM + state.programs[0] if len(state.programs) == 1 and state.categories == CATEGORIES else None
    if state.categories == CATEGORIES:
        return SHOW_ALL
    return SHOW_CATEGORY + state.categories[0] if len(state.categories) == 1 else None


# The parts of the view a change can touch; the page resends only what a change touched.
CHANGES = ("filters", "programs", "country", "presenting", "zoom")


def changes(previous: ViewState | None, state: ViewState) -> list[str]:
    if previous is None:
        return list(CHANGES)
    return [part for part, differs in (("filters", previous.filters != state.filters),
                                       ("programs", previous.programs != state.programs),
                                       ("country", previous.country != state.country),
                                       ("presenting", previous.presenting != state.presenting),
                                       ("zoom", previous.zoom != state.zoom)) if differs]


def store_data(state: ViewState, origin: str, previous: ViewState | None = None) -> dict:
    """What the browser keeps of the view: the state, its query string, whether a user made the change ("user") or
    the address did ("url"), what changed since the previous state, and the page's title in its language (the
    browser tab follows the language link, assets/app.js)."""
    return {**state.to_store(), "query": to_query(state), "origin": origin, "changed": changes(previous, state),
            "title": i18n.t("title", state.lang)}
