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


METADATA_KEYS = ("date_modified", "source_document_year", "status_as_of", "licence_id", "licence_en", "licence_fr",
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

# What each column means, in English and French: the data dictionary of the downloads (dashboard.core.reuse) reads it
# beside each field's type and constraints above; a column of the same name means the same in every file, unless a
# "file:column" entry says otherwise. tests/unit/test_reuse.py fails when a column has no meaning here.
MEANINGS: dict[str, tuple[str, str]] = {
    "iso3": ("The country's ISO 3166-1 alpha-3 code.", "Code ISO 3166-1 alpha-3 du pays."),
    "iso2": ("The country's ISO 3166-1 alpha-2 code.", "Code ISO 3166-1 alpha-2 du pays."),
    "name_en": ("The name in English.", "Nom en anglais."),
    "name_fr": ("The name in French.", "Nom en français."),
    "region": ("The continent the map groups the country in.", "Continent où la carte range le pays."),
    "label_lon": ("Longitude of the country's label on the map.", "Longitude de l'étiquette du pays sur la carte."),
    "label_lat": ("Latitude of the country's label on the map.", "Latitude de l'étiquette du pays sur la carte."),
    "un_member": ("Whether the country is a member state of the United Nations.",
                  "Le pays est-il un État membre des Nations Unies?"),
    "engagements.csv:id": ("The engagement's identifier.", "Identifiant de l'engagement."),
    "funding.csv:id": ("The funding stream's identifier.", "Identifiant du volet de financement."),
    "reasons.csv:id": ("The reason's identifier.", "Identifiant de la raison."),
    "sources.csv:id": ("The source's identifier, cited in the sources column of the other files.",
                       "Identifiant de la source, cité dans la colonne sources des autres fichiers."),
    "category": ("The category of the legend of IRCC's 2019 map.", "Catégorie de la légende de la carte d'IRCC de 2019."),
    "program": ("The program or forum.", "Programme ou forum."),
    "role": ("The country's role in the program or forum.", "Rôle du pays dans le programme ou le forum."),
    "start_year": ("The first year the engagement was in effect; blank when no source gives it.",
                   "Première année où l'engagement était en vigueur; vide si aucune source ne la donne."),
    "end_year": ("The last year the engagement was in effect; blank when ongoing or not given.",
                 "Dernière année où l'engagement était en vigueur; vide s'il se poursuit ou si elle n'est pas donnée."),
    "status": ("The engagement's status in the year of metadata.csv's status_as_of (2019).",
               "État de l'engagement dans l'année status_as_of de metadata.csv (2019)."),
    "engagements.csv:amount_cad": ("The amount in Canadian dollars; blank when no source gives it.",
                                   "Montant en dollars canadiens; vide si aucune source ne le donne."),
    "funding.csv:amount_cad": ("The amount in Canadian dollars.", "Montant en dollars canadiens."),
    "description_en": ("The engagement in English.", "L'engagement, en anglais."),
    "description_fr": ("The engagement in French.", "L'engagement, en français."),
    "sources": ("The ids of the sources (sources.csv) the row rests on, separated by ';'.",
                "Identifiants des sources (sources.csv) de la ligne, séparés par des points-virgules."),
    "confirmed": ("yes when public sources confirm the row; no for an attribution still to be confirmed.",
                  "yes si des sources publiques confirment la ligne; no pour une attribution à confirmer."),
    "about_en": ("What the program or forum is, in English.", "Ce qu'est le programme ou le forum, en anglais."),
    "about_fr": ("What the program or forum is, in French.", "Ce qu'est le programme ou le forum, en français."),
    "canada_role_en": ("Canada's role, in English.", "Rôle du Canada, en anglais."),
    "canada_role_fr": ("Canada's role, in French.", "Rôle du Canada, en français."),
    "theme_en": ("The theme of Canada's chairmanship, in English, or blank.",
                 "Thème de la présidence du Canada, en anglais, ou vide."),
    "theme_fr": ("The theme of Canada's chairmanship, in French, or blank.",
                 "Thème de la présidence du Canada, en français, ou vide."),
    "approximate": ("yes when the source gives the amount as approximate.",
                    "yes si la source donne le montant comme approximatif."),
    "period_en": ("The period the amount covers, in English.", "Période que couvre le montant, en anglais."),
    "period_fr": ("The period the amount covers, in French.", "Période que couvre le montant, en français."),
    "topic": ("invest: why Canada invests in capacity building; engage: why it engages internationally.",
              "invest\u00a0: pourquoi le Canada investit dans le renforcement des capacités; engage\u00a0: pourquoi "
              "il s'engage sur la scène internationale."),
    "text_en": ("The reason, in English.", "La raison, en anglais."),
    "text_fr": ("The reason, in French.", "La raison, en français."),
    "key": ("The setting's name.", "Nom du paramètre."),
    "value": ("The setting's value.", "Valeur du paramètre."),
    "title_en": ("The document's title in English, or in its only language.",
                 "Titre du document en anglais, ou dans sa seule langue."),
    "title_fr": ("The title the publisher gives in French, or blank.", "Titre que l'éditeur donne en français, ou vide."),
    "publisher_en": ("The publisher, in English.", "L'éditeur, en anglais."),
    "publisher_fr": ("The publisher, in French.", "L'éditeur, en français."),
    "date": ("The publisher's date; blank when the page is undated.", "Date de l'éditeur; vide si la page n'est pas datée."),
    "language": ("The document's language.", "Langue du document."),
    "url_en": ("The document's address (English or only version); blank when not found.",
               "Adresse du document (version anglaise ou unique); vide si elle est introuvable."),
    "address_en": ("How url_en was read: seen at that address, or only on a copy (copy).",
                   "Comment url_en a été consultée\u00a0: à cette adresse (seen) ou seulement sur une copie (copy)."),
    "url_fr": ("The address of the French version, or blank.", "Adresse de la version française, ou vide."),
    "address_fr": ("How url_fr was read, or blank.", "Comment url_fr a été consultée, ou vide."),
    "accessed": ("The day the address was read, or blank when not recorded.",
                 "Jour où l'adresse a été consultée, ou vide si ce n'est pas consigné."),
    "note_en": ("What a reader should know of the source, in English.", "Ce qu'il faut savoir de la source, en anglais."),
    "note_fr": ("What a reader should know of the source, in French.", "Ce qu'il faut savoir de la source, en français."),
}


def meaning(file: str, column: str) -> tuple[str, str]:
    """A column's meaning in English and French (MEANINGS)."""
    return MEANINGS.get(f"{file}:{column}") or MEANINGS[column]
