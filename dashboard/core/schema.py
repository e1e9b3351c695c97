"""The data files' row models: one pydantic model per CSV; each field's description says what is expected."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

CATEGORIES = ("mpdp", "grsi", "forum")
PROGRAMS = ("MPDP", "GRSI", "IGC", "RCM", "M5", "GFMD", "UNHCR", "IOM")
ROLES = ("member", "chair", "co-chair", "observer", "partner", "partner-program", "headquarters", "secretariat",
         "roundtable-co-chair", "project-location")
STATUSES = ("active", "completed", "planned", "unknown")
# A row's citations as text, one column per language, added by load() from the row's `sources` and sources.csv
# (dashboard.core.citations): a tuple of citations per row, most cited first where rows are counted.
SOURCE_COLUMNS = {"en": "citations_en", "fr": "citations_fr"}
# How an address in sources.csv was read (sources.md's conventions): at that address, or only on a copy whose address
# is given; "not-found" when no copy was found (the address is then blank).
ADDRESS_READ = ("seen", "copy", "not-found")
DOCUMENT_LANGS = ("en", "fr", "es", "de")
REGIONS = ("africa", "asia", "europe", "north-america", "south-america", "oceania", "antarctica")
YEAR_MIN, YEAR_MAX = 1945, 2035


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


Blank = BeforeValidator(_blank_to_none)
Code3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="three capital letters, ISO 3166-1 alpha-3, e.g. ARG")]
Text = Annotated[str, Field(min_length=1, pattern=r"\S", description="some text")]
YesNo = Annotated[Literal["yes", "no"], Field(description="yes or no")]
SOURCE_ID = r"[A-Z][A-Za-z0-9]*"
SourceId = Annotated[str, Field(pattern=rf"^{SOURCE_ID}$", description="a letter then letters and digits, e.g. S05a")]
SourceIds = Annotated[str, Field(pattern=rf"^{SOURCE_ID}(;{SOURCE_ID})*$",
                                 description="one or more ids of sources.csv separated by ';' without spaces, "
                                             "e.g. S01;S06")]
Url = Annotated[Optional[Annotated[str, Field(pattern=r"^https?://[^\s\"<>]+$")]], Blank,
                Field(description="an address starting with https:// or http://, or blank")]
YEAR_TEXT = f"a year from {YEAR_MIN} to {YEAR_MAX} in four digits, or blank"


def _digits(kind: str, pattern: str):
    """Numbers as a person types them: plain digits only, so '1_000', ' 5' or '2014.0' are refused."""
    def check(value: object) -> object:
        if isinstance(value, str) and value != "" and not re.fullmatch(pattern, value):
            if re.fullmatch(pattern, value.removeprefix("-")):
                raise ValueError(f"{value!r} is below 0")
            raise ValueError(f"{value!r} is not {kind}")
        return value
    return BeforeValidator(check)


Year = Annotated[int, _digits("a four-digit year", r"\d{4}"), Field(ge=YEAR_MIN, le=YEAR_MAX)]
Amount = Annotated[float, _digits("a plain number", r"\d+(\.\d+)?"), Field(ge=0, allow_inf_nan=False)]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountryRow(Row):
    iso3: Code3
    iso2: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="two capital letters, ISO 3166-1 alpha-2")]
    name_en: Text
    name_fr: Text
    region: Annotated[Literal[REGIONS], Field(description="one of " + ", ".join(REGIONS))]
    label_lon: Annotated[float, Field(ge=-180, le=180, description="a longitude from -180 to 180")]
    label_lat: Annotated[float, Field(ge=-90, le=90, description="a latitude from -90 to 90")]
    un_member: YesNo


class EngagementRow(Row):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
                             description="lower-case letters, digits and single hyphens, e.g. grsi-arg")]
    iso3: Code3
    category: Annotated[Literal[CATEGORIES], Field(description="one of " + ", ".join(CATEGORIES))]
    program: Annotated[Literal[PROGRAMS], Field(description="one of " + ", ".join(PROGRAMS))]
    role: Annotated[Literal[ROLES], Field(description="one of " + ", ".join(ROLES))]
    start_year: Annotated[Optional[Year], Blank, Field(description=YEAR_TEXT)] = None
    end_year: Annotated[Optional[Year], Blank, Field(description=YEAR_TEXT + ", not before start_year")] = None
    status: Annotated[Literal[STATUSES], Field(description="one of " + ", ".join(STATUSES))]
    amount_cad: Annotated[Optional[Amount], Blank,
                          Field(description="a number of Canadian dollars, 0 or more, digits only, or blank")] = None
    description_en: Text
    description_fr: Text
    sources: SourceIds
    confirmed: YesNo

    @field_validator("end_year")
    @classmethod
    def _not_before_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start_year")
        if start is not None and end is not None and end < start:
            raise ValueError(f"end year {end} is before start year {start}")
        return end


class ProgramRow(Row):
    program: Annotated[Literal[PROGRAMS], Field(description="one of " + ", ".join(PROGRAMS))]
    category: Annotated[Literal[CATEGORIES], Field(description="one of " + ", ".join(CATEGORIES))]
    name_en: Text
    name_fr: Text
    about_en: Text
    about_fr: Text
    canada_role_en: Text
    canada_role_fr: Text
    theme_en: str
    theme_fr: str
    sources: SourceIds
    confirmed: YesNo


class FundingRow(Row):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="lower-case letters and digits")]
    amount_cad: Annotated[float, Field(ge=0, allow_inf_nan=False, description="a number of Canadian dollars")]
    approximate: YesNo
    period_en: Text
    period_fr: Text
    name_en: Text
    name_fr: Text
    sources: SourceIds
    confirmed: YesNo


class ReasonRow(Row):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="lower-case letters and digits")]
    topic: Annotated[Literal["invest", "engage"], Field(description="invest or engage")]
    text_en: Text
    text_fr: Text
    sources: SourceIds


class SourceRow(Row):
    id: SourceId
    title_en: Annotated[str, Field(min_length=1, pattern=r"\S",
                                   description="the title as published in English, or in the document's only "
                                               "language")]
    title_fr: Annotated[str, Field(description="the title the publisher gives in French, or blank when it has none")]
    publisher_en: Text
    publisher_fr: Text
    date: Annotated[str, Field(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
                               description="the publisher's date as YYYY, YYYY-MM or YYYY-MM-DD, or blank when the "
                                           "page is undated")]
    language: Annotated[Literal[DOCUMENT_LANGS], Field(description="the document's language: one of "
                                                                   + ", ".join(DOCUMENT_LANGS))]
    url_en: Url
    address_en: Annotated[Literal[ADDRESS_READ], Field(description="how url_en was read: seen (at that address), "
                                                                   "copy (a copy's address) or not-found (blank url_en)")]
    url_fr: Url
    address_fr: Annotated[Optional[Literal[ADDRESS_READ]], Blank,
                          Field(description="how url_fr was read: seen or copy; blank when url_fr is blank")] = None
    accessed: Annotated[Optional[Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]], Blank,
                        Field(description="the day the address was read, YYYY-MM-DD, or blank when not "
                                          "recorded")] = None
    note_en: str
    note_fr: str

    @field_validator("address_en")
    @classmethod
    def _address_en_fits_url(cls, read: str, info: ValidationInfo) -> str:
        url = info.data.get("url_en")
        if (url is None) != (read == "not-found") and "url_en" in info.data:
            raise ValueError(f"address_en {read!r} does not fit " + ("a blank url_en (expected not-found)"
                                                                     if url is None else "an address (expected seen "
                                                                                         "or copy)"))
        return read

    @field_validator("address_fr")
    @classmethod
    def _address_fr_fits_url(cls, read: str | None, info: ValidationInfo) -> str | None:
        url = info.data.get("url_fr")
        if "url_fr" in info.data and (url is None) != (read in (None, "not-found")):
            raise ValueError(f"address_fr {read or 'blank'!r} does not fit " + (
                "a blank url_fr (expected blank or not-found)" if url is None else "an address (expected seen or copy)"))
        return read


METADATA_KEYS = ("date_modified", "source_document_year", "status_as_of", "licence_en", "licence_fr",
                 "licence_url_en", "licence_url_fr", "public_url")


class MetadataRow(Row):
    key: Annotated[Literal[METADATA_KEYS], Field(description="one of " + ", ".join(METADATA_KEYS))]
    value: Text


def status_mismatch(status: str, start: int | None, end: int | None, as_of: int) -> str | None:
    """What a status needs of the years when statuses describe the year `as_of` (metadata.csv status_as_of), or
    None when the row fits: active = under way in that year, completed = ended before it, planned = not started
    before it; unknown fits any years."""
    if status == "active" and not ((start is None or start <= as_of) and (end is None or end >= as_of)):
        return (f"start_year {as_of} or before and end_year {as_of} or later, or blank, "
                f"for an engagement under way in {as_of}")
    if status == "completed" and not (end is not None and end < as_of):
        return f"an end_year before {as_of} for an engagement completed by {as_of}"
    if status == "planned" and not ((start is None or start >= as_of) and (end is None or end >= as_of)):
        return f"start_year and end_year {as_of} or later, or blank, for an engagement planned as of {as_of}"
    return None


TABLES: dict[str, type[Row]] = {
    "countries.csv": CountryRow,
    "engagements.csv": EngagementRow,
    "programs.csv": ProgramRow,
    "funding.csv": FundingRow,
    "reasons.csv": ReasonRow,
    "metadata.csv": MetadataRow,
    "sources.csv": SourceRow,
}
# The tables whose rows cite sources.csv in their `sources` column.
CITING_TABLES = ("engagements.csv", "programs.csv", "funding.csv", "reasons.csv")
GEOMETRY_FILE = "countries.geojson"
