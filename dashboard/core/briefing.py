"""Briefings: an ordered list of views with captions, checked and kept as a file or in the page's address.

A briefing is a sequence of steps; a step is a view of the map (the page's query string without `lang` and
`present`, which belong to the page showing it, not to the view) and a caption in English, French or both. Captions
are text, never markup: they are kept as given (surrounding whitespace stripped, line breaks normalised to "\\n")
and every renderer escapes them.

File format, version 1 (UTF-8 JSON, at most MAX_FILE_BYTES):

    {"version": 1,
     "steps": [{"view": "category=grsi&zoom=europe",
                "caption": {"en": {"title": "GRSI in Europe", "note": "..."},
                            "fr": {"title": "L'IMPR en Europe", "note": "..."}}}]}

- `version`: the integer 1.
- `steps`: a list of at most MAX_STEPS steps, possibly empty. A step has `view` (required) and `caption` (optional).
- `view`: the settings of the map as in the page's address (category, program, region, years, confirmed, country,
  zoom), with or without a leading "?". Each value must be one the data knows; `lang`, `present`, `briefing` and
  `step` are the page's and are dropped. Views are stored canonically (the shortest query that restores them, in a
  fixed order), so two equal views compare equal.
- `caption`: an object keyed by "en" and/or "fr", each with `title` (at most MAX_TITLE characters) and `note` (at
  most MAX_NOTE characters), both optional text; a language whose title and note are both empty is dropped. No
  control character other than line break and tab.
- Any other field is an error, so that a misspelt field is reported rather than lost.

Address form: the same JSON, compact, compressed with zlib and encoded as base64url without padding, in the page's
query as `briefing=`, with `step=` (1-based) for the step being played. At most MAX_PARAM characters: with a view
of at most MAX_QUERY characters the page's request line stays under gunicorn.conf.py's limit_request_line. A briefing
too long for a link is saved as a file instead.

Step numbers are 1-based everywhere (in messages, in `step=`, and in the operations' `number`), as the page shows
them ("step 2 of 4"). A `step=` out of range is clamped to the first or last step (a link made before a step was
removed still plays); a malformed one means "not playing".

Every error is a BriefingError whose message is in the page's language and names the step and the field.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import zlib
from urllib.parse import parse_qsl, quote, unquote_plus, urlencode

from dashboard.core import i18n
from dashboard.core.i18n import DEFAULT_LANG, LANGS
from dashboard.core.schema import CATEGORIES
from dashboard.core.state import MAX_QUERY, ViewState, Vocabulary, parse_query, to_query
from dashboard.core.views import ZOOMS

VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_STEPS = 30
MAX_TITLE = 120
MAX_NOTE = 600
MAX_PARAM = 6000

EXAMPLE_VIEW = "category=grsi&zoom=europe"
PAGE_ONLY = ("lang", "present", "briefing", "step")  # how a page shows a view, not the view itself
VIEW_KEYS = ("category", "program", "region", "years", "confirmed", "country", "zoom")
_FILE_KEYS = frozenset({"version", "steps"})
_STEP_KEYS = frozenset({"view", "caption"})
_CAPTION_KEYS = frozenset({"title", "note"})
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters but \t and \n; surrogates
_PARAM = re.compile(r"[A-Za-z0-9_-]+")
_STEP = re.compile(r"[0-9]{1,6}")
_SHOWN = 40  # characters of an offending value repeated in a message


class BriefingError(ValueError):
    """A briefing that cannot be used, with the reason in lang; `key` and `values` let a page say it again in the
    other language (`message(lang)`)."""

    def __init__(self, key: str, lang: str = DEFAULT_LANG, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message(lang))

    def message(self, lang: str) -> str:
        lang = i18n.normalize_lang(lang)
        shown = {name: i18n.format_number(value, lang) if isinstance(value, int) and name not in ("step", "line",
                 "column", "value") else value for name, value in self.values.items()}
        if "field" in shown:  # "title (en)" / "titre (en)"
            shown["field"] = i18n.t(f"briefing_field_{shown['field']}", lang, language=shown["language"])
        return i18n.t(self.key, lang, **shown)


@dataclasses.dataclass(frozen=True)
class Caption:
    title: str = ""
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Step:
    view: str  # canonical: no leading "?", no lang or present
    caption: dict[str, Caption] = dataclasses.field(default_factory=dict)  # by language, "en" before "fr"


@dataclasses.dataclass(frozen=True)
class Briefing:
    steps: tuple[Step, ...] = ()


# --- views ----------------------------------------------------------------------------------------------------------

def view_of(state: ViewState) -> str:
    """The canonical view of a state: its query without lang and present, without the leading "?"."""
    pairs = [(k, v) for k, v in parse_qsl(to_query(state).lstrip("?"), keep_blank_values=True) if k not in PAGE_ONLY]
    return urlencode(pairs, safe=",")


def _shown(value: object) -> str:
    text = _NOT_TEXT.sub("\ufffd", str(value))
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def canonical_view(view: object, vocab: Vocabulary, lang: str = DEFAULT_LANG, number: int = 1) -> str:
    """The canonical form of a view given as a query string (or a ViewState), checked against what the data knows.
    Raises BriefingError, naming step `number`, for a view that is not text, too long, has a setting the map does
    not have, or a value the data does not know (each value parse_query would silently drop)."""
    if isinstance(view, ViewState):
        return view_of(view)
    if not isinstance(view, str):
        raise BriefingError("briefing_error_view_type", lang, step=number, example=EXAMPLE_VIEW)
    if len(view) > MAX_QUERY:
        raise BriefingError("briefing_error_view_too_long", lang, step=number, limit=MAX_QUERY)
    given: dict[str, str] = {}
    for key, value in parse_qsl(view.strip().lstrip("?"), keep_blank_values=True):
        if key in PAGE_ONLY:
            continue
        if key not in VIEW_KEYS:
            raise BriefingError("briefing_error_view_setting", lang, step=number, name=_shown(key))
        given[key] = value  # the last one wins, as in parse_query
    for key, value in given.items():
        _check_value(key, value, vocab, lang, number)
    return view_of(parse_query(vocab, urlencode(list(given.items()), safe=",")))


def _check_value(key: str, value: str, vocab: Vocabulary, lang: str, number: int) -> None:
    def unknown(what: str, shown: str) -> BriefingError:
        return BriefingError(f"briefing_error_unknown_{what}", lang, step=number, value=_shown(shown))

    listed = [part.strip() for part in value.split(",") if part.strip()]
    allowed = {"category": CATEGORIES, "program": vocab.programs, "region": vocab.regions}.get(key)
    if allowed is not None:
        for part in listed:
            if part not in allowed:
                raise unknown(key, part)
    elif key == "country" and value and value.upper() not in vocab.countries:
        raise unknown("country", value)
    elif key == "zoom" and value and value not in ZOOMS:
        raise unknown("zoom", value)
    elif key == "confirmed" and value not in ("", "0", "1"):
        raise BriefingError("briefing_error_unknown_confirmed", lang, step=number, name=key, value=_shown(value))
    elif key == "years" and value:
        match = re.fullmatch(r"(\d{4})-(\d{4})", value)
        first, last = (int(match.group(1)), int(match.group(2))) if match else (1, 0)
        if first > last or last < vocab.year_bounds[0] or first > vocab.year_bounds[1]:
            raise unknown("years", value)


# --- captions -------------------------------------------------------------------------------------------------------

def _text(value: object, field: str, language: str, number: int, limit: int, lang: str) -> str:
    name = {"field": field, "language": language}
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BriefingError("briefing_error_text_type", lang, step=number, **name)
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    bad = _NOT_TEXT.search(text)
    if bad:
        raise BriefingError("briefing_error_text_control", lang, step=number, **name,
                            code=f"{ord(bad.group()):04X}")
    if len(text) > limit:
        raise BriefingError("briefing_error_text_too_long", lang, step=number, **name, n=len(text), limit=limit)
    return text


def check_caption(language: object, title: object, note: object, lang: str = DEFAULT_LANG,
                  number: int = 1) -> Caption | None:
    """A caption within the limits, or None when both its title and note are empty. Raises BriefingError."""
    if language not in LANGS:
        raise BriefingError("briefing_error_caption_lang", lang, step=number, value=_shown(language))
    caption = Caption(_text(title, "title", language, number, MAX_TITLE, lang),
                      _text(note, "note", language, number, MAX_NOTE, lang))
    return caption if caption.title or caption.note else None


def _captions(data: object, lang: str, number: int) -> dict[str, Caption]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BriefingError("briefing_error_caption_not_object", lang, step=number)
    found: dict[str, Caption] = {}
    for language, entry in data.items():
        if language not in LANGS:
            raise BriefingError("briefing_error_caption_lang", lang, step=number, value=_shown(language))
        if isinstance(entry, Caption):
            entry = dataclasses.asdict(entry)
        if not isinstance(entry, dict):
            raise BriefingError("briefing_error_caption_entry", lang, step=number, language=language)
        for key in entry:
            if key not in _CAPTION_KEYS:
                raise BriefingError("briefing_error_step_field", lang, step=number,
                                    name=_shown(f"caption.{language}.{key}"))
        caption = check_caption(language, entry.get("title"), entry.get("note"), lang, number)
        if caption is not None:
            found[language] = caption
    return {language: found[language] for language in LANGS if language in found}


def caption_for(step: Step, lang: str) -> tuple[Caption | None, bool]:
    """The step's caption in lang; else the other language's with True (the page marks it); else (None, False)."""
    lang = i18n.normalize_lang(lang)
    if lang in step.caption:
        return step.caption[lang], False
    for other in LANGS:
        if other in step.caption:
            return step.caption[other], True
    return None, False


# --- the file -------------------------------------------------------------------------------------------------------

def to_json(briefing: Briefing) -> str:
    """The briefing as a file (format version 1, see the module's docstring)."""
    return json.dumps(_data(briefing), ensure_ascii=False, indent=2) + "\n"


def _data(briefing: Briefing) -> dict:
    return {"version": VERSION, "steps": [
        {"view": step.view, "caption": {language: {"title": caption.title, "note": caption.note}
                                        for language, caption in step.caption.items()}}
        for step in briefing.steps]}


def from_json(data: str | bytes, vocab: Vocabulary, lang: str = DEFAULT_LANG) -> Briefing:
    """A briefing from a file's text or bytes. Raises BriefingError (message in lang) for a file that is too large
    (checked before anything is decoded), not UTF-8, not JSON, or not a briefing of version 1 within the limits."""
    lang = i18n.normalize_lang(lang)
    if isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass")) if len(data) <= MAX_FILE_BYTES else len(data)
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        size, text = len(data), None
    else:
        raise TypeError(f"a briefing file is text or bytes, not {type(data).__name__}")
    if size > MAX_FILE_BYTES:
        raise BriefingError("briefing_error_too_large", lang, size=-(-size // 1024), limit=MAX_FILE_BYTES // 1024)
    if text is None:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise BriefingError("briefing_error_encoding", lang) from None
    try:
        parsed = json.loads(text.removeprefix("\ufeff"))  # a byte order mark, as some editors write
    except json.JSONDecodeError as error:
        raise BriefingError("briefing_error_not_json", lang, line=error.lineno, column=error.colno) from None
    except (ValueError, RecursionError):  # a number of too many digits, nesting too deep
        raise BriefingError("briefing_error_not_json", lang, line=1, column=1) from None
    return from_data(parsed, vocab, lang)


def from_data(data: object, vocab: Vocabulary, lang: str = DEFAULT_LANG) -> Briefing:
    """A briefing from the file's JSON once parsed. Raises BriefingError."""
    lang = i18n.normalize_lang(lang)
    if not isinstance(data, dict):
        raise BriefingError("briefing_error_not_object", lang)
    for key in data:
        if key not in _FILE_KEYS:
            raise BriefingError("briefing_error_file_field", lang, name=_shown(key))
    if "version" not in data:
        raise BriefingError("briefing_error_version_missing", lang, supported=VERSION)
    version = data["version"]
    if type(version) is not int or version != VERSION:  # True == 1 and 1.0 == 1 in Python, not in the format
        raise BriefingError("briefing_error_version", lang, value=_shown(json.dumps(version)), supported=VERSION)
    steps = data.get("steps")
    if not isinstance(steps, list):
        raise BriefingError("briefing_error_steps", lang)
    if len(steps) > MAX_STEPS:
        raise BriefingError("briefing_error_too_many_steps", lang, n=len(steps), limit=MAX_STEPS)
    return Briefing(tuple(_step(entry, vocab, lang, number) for number, entry in enumerate(steps, start=1)))


def _step(entry: object, vocab: Vocabulary, lang: str, number: int) -> Step:
    if not isinstance(entry, dict):
        raise BriefingError("briefing_error_step_not_object", lang, step=number)
    for key in entry:
        if key not in _STEP_KEYS:
            raise BriefingError("briefing_error_step_field", lang, step=number, name=_shown(key))
    return Step(canonical_view(entry.get("view"), vocab, lang, number), _captions(entry.get("caption"), lang, number))


# --- the address ----------------------------------------------------------------------------------------------------

def to_param(briefing: Briefing, lang: str = DEFAULT_LANG) -> str:
    """The briefing as the value of `briefing=` (URL-safe as is). Raises BriefingError when longer than MAX_PARAM."""
    packed = json.dumps(_data(briefing), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    param = base64.urlsafe_b64encode(zlib.compress(packed, 9)).decode("ascii").rstrip("=")
    if len(param) > MAX_PARAM:
        raise BriefingError("briefing_error_too_long_for_link", lang, n=len(param), limit=MAX_PARAM)
    return param


def from_param(text: object, vocab: Vocabulary, lang: str = DEFAULT_LANG) -> Briefing:
    """A briefing from the value of `briefing=`. Raises BriefingError for one too long, damaged, unpacking to more
    than MAX_FILE_BYTES, or whose content is not a valid briefing (the file's messages)."""
    lang = i18n.normalize_lang(lang)
    if not isinstance(text, str) or not text:
        raise BriefingError("briefing_error_link_damaged", lang)
    if len(text) > MAX_PARAM:
        raise BriefingError("briefing_error_link_too_long", lang, n=len(text), limit=MAX_PARAM)
    if not _PARAM.fullmatch(text):
        raise BriefingError("briefing_error_link_damaged", lang)
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MAX_FILE_BYTES + 1)  # bounded: a small link may unpack to gigabytes
    except (binascii.Error, ValueError, zlib.error):
        raise BriefingError("briefing_error_link_damaged", lang) from None
    if len(raw) > MAX_FILE_BYTES or unpacker.unconsumed_tail:
        raise BriefingError("briefing_error_link_too_large", lang, limit=MAX_FILE_BYTES // 1024)
    if not unpacker.eof or unpacker.unused_data:
        raise BriefingError("briefing_error_link_damaged", lang)
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise BriefingError("briefing_error_link_damaged", lang) from None
    return from_data(parsed, vocab, lang)


def split_query(search: object) -> tuple[str, str | None, int | None]:
    """The page's query split into (the rest, for parse_query; the `briefing=` value or None; the `step=` number,
    1 or more, or None when absent or malformed). The rest keeps its parts and order, and its "?" if it had one."""
    if not isinstance(search, str):
        return "", None, None
    mark = "?" if search.startswith("?") else ""
    rest: list[str] = []
    param: str | None = None
    step: int | None = None
    for part in search[len(mark):].split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = unquote_plus(key)
        if key == "briefing":
            param = unquote_plus(value) or None
        elif key == "step":
            value = unquote_plus(value)
            step = int(value) if _STEP.fullmatch(value) and int(value) >= 1 else None
        else:
            rest.append(part)
    return (mark + "&".join(rest) if rest else ""), param, step


def clamp_step(briefing: Briefing | None, step: int | None) -> int | None:
    """The step to play: step clamped to 1..len(steps); None when not playing or the briefing has no step."""
    if step is None or briefing is None or not briefing.steps:
        return None
    return min(max(step, 1), len(briefing.steps))


def with_briefing(view_query: str, briefing: Briefing | None, step: int | None = None,
                  lang: str = DEFAULT_LANG) -> str:
    """The page's query: view_query (any `briefing=`/`step=` in it replaced) with the briefing and the step played
    (clamped), "?" first; a briefing without steps is left out. Raises BriefingError (to_param) when too long."""
    rest, _, _ = split_query(view_query or "")
    parts = [rest.lstrip("?")] if rest.lstrip("?") else []
    if briefing is not None and briefing.steps:
        parts.append("briefing=" + quote(to_param(briefing, lang), safe=""))
        played = clamp_step(briefing, step)
        if played is not None:
            parts.append(f"step={played}")
    return "?" + "&".join(parts) if parts else ""


# --- operations (each returns a new briefing) ------------------------------------------------------------------------

def _index(briefing: Briefing, number: int, lang: str) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(briefing.steps):
        raise BriefingError("briefing_error_no_step", lang, step=_shown(number))
    return number - 1


def add(briefing: Briefing, view: ViewState | str, caption: dict | None = None, *, vocab: Vocabulary | None = None,
        lang: str = DEFAULT_LANG) -> Briefing:
    """The briefing with a step added at the end: view is a ViewState, or a query string checked against vocab
    (required then); caption, {"en": Caption or {"title", "note"}, ...}, is checked like a file's. Raises
    BriefingError past MAX_STEPS or for a bad view or caption."""
    lang = i18n.normalize_lang(lang)
    if len(briefing.steps) >= MAX_STEPS:
        raise BriefingError("briefing_error_full", lang, limit=MAX_STEPS)
    number = len(briefing.steps) + 1
    if not isinstance(view, ViewState) and vocab is None:
        raise TypeError("a view given as a query string needs the vocabulary to be checked")
    canonical = canonical_view(view, vocab, lang, number)  # type: ignore[arg-type]
    return Briefing(briefing.steps + (Step(canonical, _captions(caption, lang, number)),))


def remove(briefing: Briefing, number: int, lang: str = DEFAULT_LANG) -> Briefing:
    """The briefing without step `number` (1-based). Raises BriefingError when there is no such step."""
    index = _index(briefing, number, lang)
    return Briefing(briefing.steps[:index] + briefing.steps[index + 1:])


def move(briefing: Briefing, number: int, delta: int, lang: str = DEFAULT_LANG) -> Briefing:
    """The briefing with step `number` moved delta places (negative: earlier), stopping at either end (a step
    already first moved up stays first). Raises BriefingError when there is no such step."""
    index = _index(briefing, number, lang)
    target = min(max(index + delta, 0), len(briefing.steps) - 1)
    steps = list(briefing.steps)
    steps.insert(target, steps.pop(index))
    return Briefing(tuple(steps))


def set_caption(briefing: Briefing, number: int, language: str, title: object, note: object,
                lang: str = DEFAULT_LANG) -> Briefing:
    """The briefing with step `number`'s caption in `language` set (both empty: removed), checked by the file's
    limits. Raises BriefingError for no such step, a language other than en/fr, or a title or note out of bounds."""
    index = _index(briefing, number, lang)
    step = briefing.steps[index]
    caption = check_caption(language, title, note, lang, number)
    captions = {k: v for k, v in step.caption.items() if k != language}
    if caption is not None:
        captions[language] = caption
    captions = {k: captions[k] for k in LANGS if k in captions}
    return Briefing(briefing.steps[:index] + (Step(step.view, captions),) + briefing.steps[index + 1:])


# --- the page's briefing: what the page holds, and the next one for a user's action -----------------------------------

@dataclasses.dataclass(frozen=True)
class Playing:
    """What a page holds of a briefing: the briefing (None when there is none), the step played (1-based; None when
    not playing), the step whose caption is being edited, and a message for the user (an error, in the page's
    language; the briefing it refers to is kept as it was)."""

    briefing: Briefing | None = None
    step: int | None = None
    editing: int | None = None
    message: str = ""

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.briefing.steps if self.briefing is not None else ()


def read_address(vocab: Vocabulary, search: object) -> tuple[ViewState, Playing]:
    """The view and the briefing a page's address carries (`briefing=` and `step=` beside the view's query). A bad
    briefing gives the view alone and a message saying why."""
    rest, param, step = split_query(search)
    state = parse_query(vocab, rest)
    if param is None:
        return state, Playing()
    try:
        briefing = from_param(param, vocab, state.lang)
    except BriefingError as error:
        return state, Playing(message=str(error))
    return state, Playing(briefing, clamp_step(briefing, step))


def address(state: ViewState, playing: Playing) -> str:
    """The page's query for this view and briefing: a link in an email restores both. A briefing too long for a link
    is left out of it (the page says so, and the file keeps it)."""
    try:
        return with_briefing(to_query(state), playing.briefing, playing.step, state.lang)
    except BriefingError:
        return to_query(state)


def step_state(vocab: Vocabulary, briefing: Briefing, number: int, current: ViewState) -> ViewState:
    """The view a step shows, in the page's language and in presentation mode."""
    view = briefing.steps[number - 1].view
    return parse_query(vocab, "?" + view).replace(lang=current.lang, presenting=True)


ACTIONS = ("add", "remove", "up", "down", "edit", "caption", "cancel", "play", "go", "next", "previous", "stop",
           "open", "clear")


def act(vocab: Vocabulary, state: ViewState, playing: Playing, action: object, number: object = None,
        data: object = None) -> tuple[ViewState, Playing]:
    """The view and the briefing after a user's action on the briefing (untrusted values in, valid ones out):
    add the view shown; remove, move up or down, edit or caption a step (`data`: {"en": {"title", "note"}, "fr": ...});
    play from a step (`go`), the next or previous step, stop; open a file (`data`: its bytes); clear. What cannot be
    done leaves both as they were, with a message."""
    lang = state.lang
    briefing = playing.briefing or Briefing()
    number = number if isinstance(number, int) and not isinstance(number, bool) else None
    kept = dataclasses.replace(playing, message="")
    try:
        if action == "add":
            return state, dataclasses.replace(kept, briefing=add(briefing, state, vocab=vocab, lang=lang))
        if action in ("remove", "up", "down", "edit", "caption", "go") and number is None:
            raise BriefingError("briefing_error_no_step", lang, step=0)
        if action == "remove":
            smaller = remove(briefing, number, lang)
            return state, Playing(smaller, clamp_step(smaller, playing.step), None)
        if action in ("up", "down"):
            return state, dataclasses.replace(kept, briefing=move(briefing, number, -1 if action == "up" else 1, lang))
        if action == "edit":
            _index(briefing, number, lang)
            return state, dataclasses.replace(kept, editing=number)
        if action == "cancel":
            return state, dataclasses.replace(kept, editing=None)
        if action == "caption":
            given = data if isinstance(data, dict) else {}
            for language in LANGS:
                entry = given.get(language) if isinstance(given.get(language), dict) else {}
                briefing = set_caption(briefing, number, language, entry.get("title", ""), entry.get("note", ""), lang)
            return state, dataclasses.replace(kept, briefing=briefing, editing=None)
        if action in ("play", "go", "next", "previous"):
            if not briefing.steps:
                raise BriefingError("briefing_error_no_step", lang, step=1)
            step = {"play": 1, "go": number, "next": (playing.step or 0) + 1,
                    "previous": (playing.step or 2) - 1}[action]
            if action == "go":
                _index(briefing, step, lang)  # a step that is not there is an error, not the last step
            step = clamp_step(briefing, step)
            return step_state(vocab, briefing, step, state), Playing(briefing, step, None)
        if action == "stop":
            return state.replace(presenting=False), dataclasses.replace(kept, step=None)
        if action == "open":
            opened = from_json(data if isinstance(data, (bytes, str)) else b"", vocab, lang)
            return state, Playing(opened)
        if action == "clear":
            return state, Playing()
    except BriefingError as error:
        return state, dataclasses.replace(playing, message=str(error))
    return state, playing
