"""English and French strings, and number, money and date formatting per language (Babel, CLDR)."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LANGS = ("en", "fr")
DEFAULT_LANG = "en"
# Canadian variants of CLDR: "21 000 000 $" in French, "$21,000,000" in English.
LOCALES = {"en": "en_CA", "fr": "fr_CA"}

# French typography (the Translation Bureau's Guide du rédacteur): a no-break space, written "\u00a0", before ":"
# and inside « », none before ";", "?", "!"; U+00A0 is also the space CLDR's fr_CA (Babel) puts in numbers and
# before "$". tests/unit/test_french.py checks every French string for it.
STRINGS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Canada's International Migration Capacity Building and Engagement",
        "fr": "Renforcement des capacités et engagement du Canada en matière de migration internationale",
    },
    "department": {
        "en": "Immigration, Refugees and Citizenship Canada",
        "fr": "Immigration, Réfugiés et Citoyenneté Canada",
    },
    "other_lang_name": {"en": "Français", "fr": "English"},
    # The link's tooltip is in the page's language (the link itself cannot carry lang); its text names the other.
    "other_lang_label": {"en": "Display this page in French", "fr": "Afficher cette page en anglais"},
    "skip_to_map": {"en": "Skip to the map", "fr": "Passer à la carte"},
    # Legend categories, in the source document's words.
    "cat_mpdp": {
        "en": "MPDP 2017 to 2019 funded international capacity building projects",
        "fr": "Projets internationaux de renforcement des capacités financés par le PEPM de 2017 à 2019",
    },
    "cat_grsi": {"en": "GRSI active programs", "fr": "Programmes actifs de l'IMPR"},
    "cat_forum": {
        "en": "International engagement: multilateral forums and institutions",
        "fr": "Engagement international\u00a0: forums et institutions multilatéraux",
    },
    "cat_short_mpdp": {"en": "MPDP projects", "fr": "Projets du PEPM"},
    "cat_short_grsi": {"en": "GRSI programs", "fr": "Programmes de l'IMPR"},
    "cat_short_forum": {"en": "Forums and institutions", "fr": "Forums et institutions"},
    "legend_title": {"en": "Legend", "fr": "Légende"},
    "legend_several": {"en": "Country in several categories", "fr": "Pays dans plusieurs catégories"},
    "legend_none": {
        "en": "No engagement matching the filters",
        "fr": "Aucun engagement correspondant aux filtres",
    },
    "legend_unconfirmed": {
        "en": "White marker: attribution not confirmed",
        "fr": "Symbole blanc\u00a0: attribution non confirmée",
    },
    "countries_count": {"en": "{n} countries", "fr": "{n} pays"},
    "countries_count_one": {"en": "{n} country", "fr": "{n} pays"},
    # Statuses describe one year (metadata.csv status_as_of); the legend and every status label say which.
    "status_as_of_note": {
        "en": "Status as of {year}, the year of IRCC's source page.",
        "fr": "Statut en {year}, l'année de la page source d'IRCC.",
    },
    # Filters
    "filters_title": {"en": "Filters", "fr": "Filtres"},
    "filter_category": {"en": "Engagement type", "fr": "Type d'engagement"},
    "filter_program": {"en": "Program or forum", "fr": "Programme ou forum"},
    "filter_region": {"en": "Region", "fr": "Région"},
    "filter_region_placeholder": {"en": "All regions", "fr": "Toutes les régions"},
    "filter_years": {"en": "Years", "fr": "Années"},
    "filter_years_note": {
        "en": "Engagements whose years are unknown are kept.",
        "fr": "Les engagements dont les années sont inconnues sont conservés.",
    },
    "filter_confirmed": {"en": "Confirmed facts only", "fr": "Faits confirmés seulement"},
    "filter_reset": {"en": "Reset filters", "fr": "Réinitialiser les filtres"},
    "program_MPDP": {"en": "MPDP", "fr": "PEPM"},
    "program_GRSI": {"en": "GRSI", "fr": "IMPR"},
    "program_IGC": {"en": "IGC", "fr": "CIG"},
    "program_RCM": {"en": "RCM", "fr": "CRM"},
    "program_M5": {"en": "M5", "fr": "M5"},
    "program_GFMD": {"en": "GFMD", "fr": "FMMD"},
    "program_UNHCR": {"en": "UNHCR", "fr": "HCR"},
    "program_IOM": {"en": "IOM", "fr": "OIM"},
    "region_africa": {"en": "Africa", "fr": "Afrique"},
    "region_asia": {"en": "Asia", "fr": "Asie"},
    "region_europe": {"en": "Europe", "fr": "Europe"},
    "region_north-america": {"en": "North America", "fr": "Amérique du Nord"},
    "region_south-america": {"en": "South America", "fr": "Amérique du Sud"},
    "region_oceania": {"en": "Oceania", "fr": "Océanie"},
    "region_antarctica": {"en": "Antarctica", "fr": "Antarctique"},
    # Map
    "map_title": {
        "en": "Map of Canada's international migration engagements",
        "fr": "Carte des engagements internationaux du Canada en matière de migration",
    },
    "map_help": {
        "en": "Select a country or a marker to see its details.",
        "fr": "Sélectionnez un pays ou un symbole pour en afficher les détails.",
    },
    "hover_none": {"en": "No engagement recorded", "fr": "Aucun engagement consigné"},
    "hover_more": {"en": "… and {n} more", "fr": "… et {n} de plus"},
    # The map's toolbar and notices (plotly.js), given to the graph as its locale (PLOTLY_MESSAGES below).
    "plotly_download": {"en": "Download the map as a PNG image", "fr": "Télécharger la carte en image PNG"},
    "plotly_preparing": {
        "en": "Preparing the image; this may take a few seconds",
        "fr": "Préparation de l'image; cela peut prendre quelques secondes",
    },
    "plotly_downloaded": {"en": "Image downloaded", "fr": "Image téléchargée"},
    "plotly_download_failed": {
        "en": "The image could not be downloaded.",
        "fr": "L'image n'a pas pu être téléchargée.",
    },
    "plotly_pan": {"en": "Move the map", "fr": "Déplacer la carte"},
    "plotly_zoom_in": {"en": "Zoom in", "fr": "Zoom avant"},
    "plotly_zoom_out": {"en": "Zoom out", "fr": "Zoom arrière"},
    "plotly_reset": {"en": "Reset the view", "fr": "Réinitialiser la vue"},
    "plotly_hover": {
        "en": "Show or hide the details on hover",
        "fr": "Afficher ou masquer les détails au survol",
    },
    "plotly_double_click": {
        "en": "Double-click to zoom back out",
        "fr": "Double-cliquez pour revenir à la vue d'ensemble",
    },
    # Details
    "details_title": {"en": "Details", "fr": "Détails"},
    "details_clear": {"en": "Back to the overview", "fr": "Retour à l'aperçu"},
    "details_none": {
        "en": "No engagement of Canada's is recorded for this country in the data set.",
        "fr": "Aucun engagement du Canada n'est consigné pour ce pays dans les données.",
    },
    "details_hidden": {
        "en": "{n} engagements of this country are hidden by the filters.",
        "fr": "{n} engagements de ce pays sont masqués par les filtres.",
    },
    "details_hidden_one": {
        "en": "{n} engagement of this country is hidden by the filters.",
        "fr": "{n} engagement de ce pays est masqué par les filtres.",
    },
    "details_count": {"en": "{n} engagements", "fr": "{n} engagements"},
    "details_count_one": {"en": "{n} engagement", "fr": "{n} engagement"},
    "field_years": {"en": "Years", "fr": "Années"},
    "field_status": {"en": "Status as of {year}", "fr": "Statut en {year}"},
    "field_amount": {"en": "Amount", "fr": "Montant"},
    "field_source": {"en": "Source", "fr": "Source"},
    "source_line": {"en": "Source: {source}", "fr": "Source\u00a0: {source}"},
    "field_confirmed": {"en": "Confirmed", "fr": "Confirmé"},
    "field_category": {"en": "Category", "fr": "Catégorie"},
    "confirmed_yes": {"en": "Confirmed", "fr": "Confirmé"},
    "confirmed_no": {"en": "Not confirmed", "fr": "Non confirmé"},
    "unknown": {"en": "Unknown", "fr": "Inconnu"},
    "amount_unknown": {"en": "Not known", "fr": "Inconnu"},
    "years_unknown": {"en": "Years unknown", "fr": "Années inconnues"},
    "years_from": {"en": "From {start}", "fr": "Depuis {start}"},
    "years_until": {"en": "Until {end}", "fr": "Jusqu'en {end}"},
    "years_range": {"en": "{start} to {end}", "fr": "{start} à {end}"},
    "status_active": {"en": "Active", "fr": "Actif"},
    "status_completed": {"en": "Completed", "fr": "Terminé"},
    "status_planned": {"en": "Planned", "fr": "Prévu"},
    "status_unknown": {"en": "Unknown", "fr": "Inconnu"},
    "role_member": {"en": "Member", "fr": "Adhésion"},
    "role_chair": {"en": "Chair", "fr": "Présidence"},
    "role_co-chair": {"en": "Co-chair", "fr": "Coprésidence"},
    "role_observer": {"en": "Observer", "fr": "Statut d'observateur"},
    "role_partner": {"en": "Partner", "fr": "Partenariat"},
    "role_partner-program": {"en": "Partner program", "fr": "Programme partenaire"},
    "role_headquarters": {"en": "Headquarters", "fr": "Siège"},
    "role_secretariat": {"en": "Secretariat", "fr": "Secrétariat"},
    "role_roundtable-co-chair": {"en": "Roundtable co-chair", "fr": "Coprésidence d'une table ronde"},
    "role_project-location": {"en": "Project location", "fr": "Lieu de projet"},
    "unconfirmed_badge": {"en": "Not confirmed", "fr": "Non confirmé"},
    # Overview
    "overview_title": {"en": "Program overview", "fr": "Aperçu des programmes"},
    "overview_funding": {
        "en": "International Migration Capacity Building Program (IMCBP) funding",
        "fr": "Financement du Programme de renforcement des capacités en matière de migration internationale (PRCMI)",
    },
    "overview_programs": {"en": "Programs, forums and institutions", "fr": "Programmes, forums et institutions"},
    "overview_why_invest": {
        "en": "Why does Canada invest in capacity building?",
        "fr": "Pourquoi le Canada investit-il dans le renforcement des capacités?",
    },
    "overview_why_engage": {
        "en": "Why does Canada engage internationally?",
        "fr": "Pourquoi le Canada s'engage-t-il sur la scène internationale?",
    },
    "funding_approx": {"en": "about {amount} {period}", "fr": "environ {amount} {period}"},
    "funding_exact": {"en": "{amount} {period}", "fr": "{amount} {period}"},
    "funding_total": {"en": "Total of the {n} streams above: {amount}",
                      "fr": "Total des {n} volets ci-dessus\u00a0: {amount}"},
    "canada_role": {"en": "Canada's role", "fr": "Rôle du Canada"},
    "theme": {"en": "Theme", "fr": "Thème"},
    "members_count": {"en": "Countries in the data", "fr": "Pays dans les données"},
    # Text version (table) and export
    "table_title": {"en": "Text version: table of the engagements shown",
                    "fr": "Version texte\u00a0: tableau des engagements affichés"},
    "table_caption": {
        "en": "Engagements matching the filters, one row each, with their sources. Select a country's name to see its details.",
        "fr": "Engagements correspondant aux filtres, un par ligne, avec leurs sources. Sélectionnez le nom d'un pays pour en afficher les détails.",
    },
    "table_download": {"en": "Download CSV", "fr": "Télécharger le CSV"},
    # File names of the downloads (lower case, no accents, hyphens): the CSV, and the map's PNG with the view's parts.
    "file_table": {"en": "ircc-migration-engagements", "fr": "ircc-engagements-migration"},
    "file_map": {"en": "ircc-migration-engagement-map", "fr": "ircc-carte-engagements-migration"},
    "file_none": {"en": "none", "fr": "aucune"},
    "table_sort": {"en": "Sort by {column}", "fr": "Trier par {column}"},
    "table_empty": {"en": "No engagement matches the filters.", "fr": "Aucun engagement ne correspond aux filtres."},
    "column_iso3": {"en": "ISO3", "fr": "ISO3"},
    "column_id": {"en": "Row id", "fr": "Identifiant"},
    "column_country": {"en": "Country", "fr": "Pays"},
    "column_category": {"en": "Category", "fr": "Catégorie"},
    "column_program": {"en": "Program or forum", "fr": "Programme ou forum"},
    "column_role": {"en": "Role", "fr": "Rôle"},
    "column_years": {"en": "Years", "fr": "Années"},
    "column_status": {"en": "Status as of {year}", "fr": "Statut en {year}"},
    "column_amount": {"en": "Amount", "fr": "Montant"},
    "column_confirmed": {"en": "Confirmed", "fr": "Confirmé"},
    "column_description": {"en": "Description", "fr": "Description"},
    "column_source": {"en": "Source", "fr": "Source"},
    # Search, summary, presentation
    "search_label": {"en": "Find a country", "fr": "Trouver un pays"},
    "search_placeholder": {"en": "Type a country's name", "fr": "Tapez le nom d'un pays"},
    "dropdown_search": {"en": "Search", "fr": "Rechercher"},
    "dropdown_clear_search": {"en": "Clear search", "fr": "Effacer la recherche"},
    "dropdown_clear_selection": {"en": "Clear selection", "fr": "Effacer la sélection"},
    "dropdown_no_options": {"en": "No match", "fr": "Aucun résultat"},
    "dropdown_select_all": {"en": "Select all", "fr": "Tout sélectionner"},
    "dropdown_deselect_all": {"en": "Deselect all", "fr": "Tout désélectionner"},
    "dropdown_selected_count": {"en": "{num_selected} selected", "fr": "{num_selected} sélectionnés"},
    # The region dropdown's count: "régions" is feminine (the count shows from two selected, never one).
    "dropdown_selected_regions": {"en": "{num_selected} selected", "fr": "{num_selected} sélectionnées"},
    "summary": {
        "en": "Shown: {countries}, {engagements}, {programs}.",
        "fr": "Affichés\u00a0: {countries}, {engagements}, {programs}.",
    },
    "programs_count": {"en": "{n} programs and forums", "fr": "{n} programmes et forums"},
    "programs_count_one": {"en": "{n} program or forum", "fr": "{n} programme ou forum"},
    "present_on": {"en": "Presentation mode", "fr": "Mode présentation"},
    "present_off": {"en": "Leave presentation mode", "fr": "Quitter le mode présentation"},
    "present_help": {
        "en": "Left and right arrow keys step through the highlighted countries.",
        "fr": "Les touches fléchées gauche et droite parcourent les pays en surbrillance.",
    },
    "print": {"en": "Print", "fr": "Imprimer"},
    # Plain-text answers of the request checks (dashboard.server.guard): a request has no language, so both are
    # sent, English first.
    "http_400": {"en": "Bad request.", "fr": "Requête incorrecte."},
    "http_404": {"en": "Not found.", "fr": "Introuvable."},
    "http_405": {"en": "Method not allowed.", "fr": "Méthode non autorisée."},
    "http_413": {"en": "Request too large.", "fr": "Requête trop volumineuse."},
    "http_other": {"en": "The request could not be processed.", "fr": "La requête n'a pas pu être traitée."},
    "http_500": {"en": "Something went wrong.", "fr": "Un problème est survenu."},
    # Footer
    "sources_title": {"en": "Sources", "fr": "Sources"},
    "sources_note": {
        "en": "Every engagement carries its source. Rows marked “Not confirmed” are attributions that no public "
              "source confirms; the MPDP project countries are not publicly listed.",
        "fr": "Chaque engagement indique sa source. Les lignes marquées «\u00a0Non confirmé\u00a0» sont des "
              "attributions qu'aucune source publique ne confirme; les pays des projets du PEPM ne sont pas publiés.",
    },
    "date_modified": {"en": "Date modified:", "fr": "Date de modification\u00a0:"},
    "geometry_credit": {
        "en": "Country shapes: Natural Earth (public domain), 1:50m, via world-atlas 2.0.2.",
        "fr": "Contours des pays\u00a0: Natural Earth (domaine public), 1:50m, par world-atlas 2.0.2.",
    },
    # Projector view: regional focus and the legend as a control (issue 11).
    "zoom_title": {"en": "Show on the map", "fr": "Afficher sur la carte"},
    "zoom_world": {"en": "World", "fr": "Monde"},
    "zoom_north-america": {"en": "North America", "fr": "Amérique du Nord"},
    "zoom_central-america-caribbean": {"en": "Central America and the Caribbean",
                                       "fr": "Amérique centrale et Caraïbes"},
    "zoom_south-america": {"en": "South America", "fr": "Amérique du Sud"},
    "zoom_europe": {"en": "Europe", "fr": "Europe"},
    "zoom_africa-middle-east": {"en": "Africa and the Middle East", "fr": "Afrique et Moyen-Orient"},
    "zoom_asia-pacific": {"en": "Asia and the Pacific", "fr": "Asie et Pacifique"},
    "present_escape": {"en": "Escape closes a country's details.",
                       "fr": "La touche Échap ferme la fiche d'un pays."},
    "legend_help": {
        "en": "Point to a category, or move to it with the Tab key, to highlight its countries; press it to show or "
              "hide it on the map.",
        "fr": "Pointez une catégorie, ou atteignez-la avec la touche Tab, pour mettre ses pays en évidence; "
              "appuyez dessus pour l'afficher ou la masquer sur la carte.",
    },
    # Live reload (dashboard.server.reload): new data files that cannot be used never replace the data shown.
    "reload_failed": {
        "en": "The data files were changed but cannot be used. The dashboard still shows the last good data, "
              "loaded {time}. First problems:",
        "fr": "Les fichiers de données ont été modifiés mais ne peuvent pas être utilisés. Le tableau de bord "
              "affiche toujours les dernières données valides, chargées le {time}. Premiers problèmes (messages "
              "techniques du vérificateur de données, en anglais)\u00a0:",
    },
    "reload_more": {
        "en": "… and {n} more (python -m dashboard check lists them all).",
        "fr": "… et {n} de plus (python -m dashboard check les énumère tous).",
    },
    "reload_more_one": {
        "en": "… and {n} more (python -m dashboard check lists them all).",
        "fr": "… et {n} de plus (python -m dashboard check les énumère tous).",
    },
    # Exports (dashboard.core.composition, dashboard.ui.exports, the Download menu): the composed map, slide, snapshot.
    "export_all": {"en": "All engagements", "fr": "Tous les engagements"},
    "export_only": {"en": "{what} only", "fr": "{what} seulement"},
    "export_and": {"en": "{first} and {last}", "fr": "{first} et {last}"},
    "export_no_category": {"en": "No engagement type selected", "fr": "Aucun type d'engagement choisi"},
    "export_programs": {"en": "Programs and forums: {list}", "fr": "Programmes et forums\u00a0: {list}"},
    "export_regions": {"en": "Regions: {list}", "fr": "Régions\u00a0: {list}"},
    "export_confirmed": {"en": "confirmed facts only", "fr": "faits confirmés seulement"},
    "export_selected": {"en": "Outlined: {country}", "fr": "Pays encadré\u00a0: {country}"},
    "export_sources": {"en": "Sources:", "fr": "Sources\u00a0:"},
    "export_sources_more": {"en": "and {n} more", "fr": "et {n} de plus"},
    "export_sources_none": {"en": "none (no engagement shown)", "fr": "aucune (aucun engagement affiché)"},
    "export_view": {"en": "View: {url}", "fr": "Vue\u00a0: {url}"},
    "export_map_alt": {
        "en": "World map of Canada's international migration engagements: {what}",
        "fr": "Carte du monde des engagements internationaux du Canada en matière de migration\u00a0: {what}",
    },
    "export_menu": {"en": "Download", "fr": "Télécharger"},
    "export_menu_label": {
        "en": "Download this view: image, PDF, slide or offline page",
        "fr": "Télécharger cette vue\u00a0: image, PDF, diapositive ou page hors ligne",
    },
    "export_png": {"en": "Image for a slide (PNG, 1920 × 1080)", "fr": "Image pour une diapositive (PNG, 1920 × 1080)"},
    "export_png_large": {"en": "Large image (PNG, 3840 × 2160)", "fr": "Grande image (PNG, 3840 × 2160)"},
    "export_svg": {"en": "Vector image (SVG)", "fr": "Image vectorielle (SVG)"},
    "export_pdf_letter": {"en": "PDF, Letter page", "fr": "PDF, format Lettre"},
    "export_pdf_a4": {"en": "PDF, A4 page", "fr": "PDF, format A4"},
    "export_pptx": {"en": "PowerPoint slide (PPTX)", "fr": "Diapositive PowerPoint (PPTX)"},
    "export_snapshot": {
        "en": "Offline page, one file (HTML)",
        "fr": "Page hors ligne, un seul fichier (HTML)",
    },
    "export_snapshot_note": {
        "en": "Offline copy of a view of the dashboard, made from the data of {date}: it works without a network. "
              "Hover over a country for its engagements; scroll to zoom, drag to pan, double-click to see the whole "
              "world again.",
        "fr": "Copie hors ligne d'une vue du tableau de bord, faite à partir des données du {date}\u00a0: elle fonctionne "
              "sans réseau. Survolez un pays pour voir ses engagements; faites défiler pour zoomer, glissez pour "
              "déplacer la carte, double-cliquez pour revoir le monde entier.",
    },
    "export_labelled": {"en": "{label}: {value}", "fr": "{label}\u00a0: {value}"},
    "export_table_caption": {
        "en": "Engagements matching the filters, one row each, with their sources.",
        "fr": "Engagements correspondant aux filtres, un par ligne, avec leurs sources.",
    },
    "export_busy": {
        "en": "The server is busy making other exports. Try again in a few seconds.",
        "fr": "Le serveur prépare d'autres exportations. Réessayez dans quelques secondes.",
    },
    # The page's own messages for a download (assets/app.js fetches the export and saves it): a refusal leaves the
    # user on the dashboard. {seconds} and {name} are filled in the browser.
    "export_preparing": {"en": "Preparing the file…", "fr": "Préparation du fichier…"},
    "export_saved": {"en": "Downloaded: {name}", "fr": "Téléchargé\u00a0: {name}"},
    "export_busy_retrying": {
        "en": "The server is busy making other exports. The download will be tried again in {seconds} s.",
        "fr": "Le serveur prépare d'autres exportations. Le téléchargement sera tenté de nouveau dans {seconds}\u00a0s.",
    },
    "export_busy_stopped": {
        "en": "The server is still busy making other exports. Try again in a moment.",
        "fr": "Le serveur prépare toujours d'autres exportations. Réessayez dans un moment.",
    },
    "export_failed": {
        "en": "The download failed. Try again.",
        "fr": "Le téléchargement a échoué. Réessayez.",
    },
    "export_retry": {"en": "Try again now", "fr": "Réessayer maintenant"},
}


# plotly.js's own English messages (as in its lib/locales) -> the key of the string shown instead.
PLOTLY_MESSAGES = {
    "Download plot as a PNG": "plotly_download",
    "Download plot": "plotly_download",
    "Preparing image - this may take a few seconds": "plotly_preparing",
    "Image download succeeded": "plotly_downloaded",
    "Sorry, there was a problem downloading your image!": "plotly_download_failed",
    "Pan": "plotly_pan",
    "Zoom in": "plotly_zoom_in",
    "Zoom out": "plotly_zoom_out",
    "Reset": "plotly_reset",
    "Reset view": "plotly_reset",
    "Toggle show closest data on hover": "plotly_hover",
    "Show closest data on hover": "plotly_hover",
    "Double-click to zoom back out": "plotly_double_click",
}


def plotly_locale(lang: str) -> dict:
    """The map's locale for plotly.js (config `locales`): its toolbar and notices in lang, from the strings above."""
    return {"dictionary": {message: t(key, lang) for message, key in PLOTLY_MESSAGES.items()}}


def both_languages(key: str) -> str:
    """'Not found. / Introuvable.': for text sent where the reader's language is not known."""
    return f"{t(key, 'en')} / {t(key, 'fr')}"


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang, with {placeholders} filled; English when lang is not supported."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


def plural(key: str, n: int, lang: str) -> str:
    """'1 country' / '{n} countries': the *_one variant where the language takes the singular, per CLDR's plural
    rules: 1 in English, 0 and 1 in French ("0 engagement")."""
    lang = normalize_lang(lang)
    one = Locale.parse(LOCALES[lang]).plural_form(n) == "one"
    return t(f"{key}_one" if one and f"{key}_one" in STRINGS else key, lang, n=format_number(n, lang))


def normalize_lang(value: object) -> str:
    return value if value in LANGS else DEFAULT_LANG


def format_number(value: float, lang: str) -> str:
    return format_decimal(value, locale=LOCALES[normalize_lang(lang)])


def format_money(value: float, lang: str) -> str:
    """Whole Canadian dollars in the locale's own pattern: '$21,000,000' / '21 000 000 $'."""
    locale = Locale.parse(LOCALES[normalize_lang(lang)])
    whole_dollars = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, "CAD", format=whole_dollars, locale=locale, currency_digits=False)


def format_day(day: dt.date, lang: str) -> str:
    """A date in running text as Canada.ca writes it: 'April 1, 2019' / '1er avril 2019'."""
    lang = normalize_lang(lang)
    text = format_date(day, format="long", locale=LOCALES[lang])
    return "1er" + text[1:] if lang == "fr" and day.day == 1 else text
