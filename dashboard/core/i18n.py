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
        "fr": "Symbole blanc\u00a0: attribution à confirmer",
    },
    "countries_count": {"en": "{n} countries", "fr": "{n} pays"},
    # An export's legend: how many of a category's countries have a white marker (no public source confirms them).
    "legend_count_unconfirmed": {"en": "{countries}, {n} not confirmed", "fr": "{countries}, dont {n} non confirmés"},
    "legend_count_unconfirmed_one": {"en": "{countries}, {n} not confirmed",
                                     "fr": "{countries}, dont {n} non confirmé"},
    "countries_count_one": {"en": "{n} country", "fr": "{n} pays"},
    # Statuses describe one year (metadata.csv status_as_of); the legend and every status label say which.
    "status_as_of_note": {
        "en": "Status as of {year}, the year of IRCC's source page.",
        "fr": "État en {year}, l'année de la page source d'IRCC.",
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
    "filter_reset": {"en": "Reset filters and focus", "fr": "Réinitialiser les filtres et la région"},
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
    "hover_more": {"en": "… and {n} more", "fr": "… et {n} autres"},
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
    "status_as_of_short": {"en": "status as of {year}", "fr": "état en {year}"},
    "details_more_hint": {"en": "press a line for its full text and source",
                          "fr": "appuyez sur une ligne pour son texte complet et sa source"},
    "field_status": {"en": "Status as of {year}", "fr": "État en {year}"},
    "field_amount": {"en": "Amount", "fr": "Montant"},
    "field_sources": {"en": "Sources", "fr": "Sources"},
    "field_confirmed": {"en": "Confirmation", "fr": "Confirmation"},
    "field_category": {"en": "Category", "fr": "Catégorie"},
    "confirmed_yes": {"en": "Confirmed", "fr": "Confirmé"},
    "confirmed_no": {"en": "Not confirmed", "fr": "À confirmer"},
    "unknown": {"en": "Unknown", "fr": "Inconnu"},
    "amount_unknown": {"en": "Unknown", "fr": "Inconnu"},
    "years_unknown": {"en": "Years unknown", "fr": "Années inconnues"},
    "years_from": {"en": "From {start}", "fr": "Depuis {start}"},
    "years_until": {"en": "Until {end}", "fr": "Jusqu'en {end}"},
    "years_range": {"en": "{start} to {end}", "fr": "{start} à {end}"},
    "status_active": {"en": "Active", "fr": "En cours"},
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
    "unconfirmed_badge": {"en": "Not confirmed", "fr": "À confirmer"},
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
    "file_confirmed": {"en": "confirmed", "fr": "confirmes"},
    "table_sort": {"en": "Sort by {column}", "fr": "Trier par {column}"},
    "table_empty": {"en": "No engagement matches the filters.", "fr": "Aucun engagement ne correspond aux filtres."},
    "column_iso3": {"en": "ISO3", "fr": "ISO3"},
    "column_id": {"en": "Row ID", "fr": "Identifiant"},
    "column_source_ids": {"en": "Source IDs", "fr": "Identifiants des sources"},
    "column_country": {"en": "Country", "fr": "Pays"},
    "column_category": {"en": "Category", "fr": "Catégorie"},
    "column_program": {"en": "Program or forum", "fr": "Programme ou forum"},
    "column_role": {"en": "Role", "fr": "Rôle"},
    "column_years": {"en": "Years", "fr": "Années"},
    "column_status": {"en": "Status as of {year}", "fr": "État en {year}"},
    "column_amount": {"en": "Amount", "fr": "Montant"},
    "column_confirmed": {"en": "Confirmation", "fr": "Confirmation"},
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
    "summary_on_map": {
        "en": "On this map: {countries}, {engagements}, {programs}.",
        "fr": "Sur cette carte\u00a0: {countries}, {engagements}, {programs}.",
    },
    "programs_count": {"en": "{n} programs and forums", "fr": "{n} programmes et forums"},
    "programs_count_one": {"en": "{n} program or forum", "fr": "{n} programme ou forum"},
    "present_on": {"en": "Presentation mode", "fr": "Mode présentation"},
    "present_show": {"en": "Show", "fr": "Afficher"},
    "show_cat_mpdp": {"en": "MPDP projects (all)", "fr": "Projets du PEPM (tous)"},
    "show_cat_grsi": {"en": "GRSI programs (all)", "fr": "Programmes de l'IMPR (tous)"},
    "show_cat_forum": {"en": "Forums and institutions (all)", "fr": "Forums et institutions (tous)"},
    "present_off": {"en": "Leave presentation mode", "fr": "Quitter le mode présentation"},
    "present_help": {
        "en": "← → (or Page Up, Page Down): the countries shown, by name.",
        "fr": "← → (ou Page préc., Page suiv.)\u00a0: les pays affichés, par ordre alphabétique.",
    },
    "print": {"en": "Print", "fr": "Imprimer"},
    # Plain-text answers (dashboard.server.guard.plain_text): a request has no language, so both are sent, English
    # first.
    "http_400": {"en": "Bad request.", "fr": "Requête incorrecte."},
    "http_404": {"en": "Not found.", "fr": "Introuvable."},
    "http_405": {"en": "Method not allowed.", "fr": "Méthode non autorisée."},
    "http_413": {"en": "Request too large.", "fr": "Requête trop volumineuse."},
    "http_other": {"en": "The request could not be processed.", "fr": "La requête n'a pas pu être traitée."},
    "http_500": {"en": "Something went wrong.", "fr": "Un problème est survenu."},
    # Footer
    "sources_title": {"en": "Sources", "fr": "Sources"},
    "sources_note": {
        "en": "Every engagement cites its sources; each links to the document read (opened in a new tab). Rows "
              "marked “Not confirmed” are attributions that no public source confirms; the MPDP project countries "
              "are not publicly listed.",
        "fr": "Chaque engagement cite ses sources; chacune mène au document consulté (dans un nouvel onglet). Les "
              "lignes marquées «\u00a0À confirmer\u00a0» sont des attributions qu'aucune source publique ne "
              "confirme; les pays des projets du PEPM ne sont pas publiés.",
    },
    "date_modified": {"en": "Date modified:", "fr": "Date de modification\u00a0:"},
    "geometry_credit": {
        "en": "Country shapes: Natural Earth (public domain), 1:50m, via world-atlas 2.0.2.",
        "fr": "Contours des pays\u00a0: Natural Earth (domaine public), échelle 1/50 000 000, au moyen de "
              "world-atlas 2.0.2.",
    },
    # Projector view: regional focus and the legend as a control.
    "zoom_title": {"en": "Show on the map", "fr": "Afficher sur la carte"},
    "zoom_world": {"en": "World", "fr": "Monde"},
    "zoom_north-america": {"en": "North America", "fr": "Amérique du Nord"},
    "zoom_central-america-caribbean": {"en": "Central America and the Caribbean",
                                       "fr": "Amérique centrale et Caraïbes"},
    "zoom_south-america": {"en": "South America", "fr": "Amérique du Sud"},
    "zoom_europe": {"en": "Europe", "fr": "Europe"},
    "zoom_africa-middle-east": {"en": "Africa and the Middle East", "fr": "Afrique et Moyen-Orient"},
    "zoom_asia-pacific": {"en": "Asia and the Pacific", "fr": "Asie et Pacifique"},
    "present_escape": {"en": "Escape: close the card, then leave presentation mode.",
                       "fr": "Échap\u00a0: fermer la fiche, puis quitter le mode présentation."},
    "present_counter": {"en": "{country}: {n} of {total}", "fr": "{country}\u00a0: {n} sur {total}"},
    "legend_help": {
        "en": "Point to a category, or move to it with the Tab key, to highlight its countries; press it to show or "
              "hide it on the map.",
        "fr": "Survolez une catégorie, ou atteignez-la avec la touche Tab, pour mettre ses pays en évidence; "
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
        "fr": "… et {n} autres (python -m dashboard check les énumère tous).",
    },
    "reload_more_one": {
        "en": "… and {n} more (python -m dashboard check lists them all).",
        "fr": "… et {n} autre (python -m dashboard check les énumère tous).",
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
    "export_sources_more": {"en": "and {n} more", "fr": "et {n} autres"},
    "export_sources_none": {"en": "none (no engagement shown)", "fr": "aucune (aucun engagement affiché)"},
    "export_view": {"en": "View: {url}", "fr": "Vue\u00a0: {url}"},
    "export_map_alt": {
        "en": "{map}: Canada's international migration engagements, {what}",
        "fr": "{map}\u00a0: engagements internationaux du Canada en matière de migration, {what}",
    },
    # The map of a focus, by name (alt texts, titles): French takes the region's article.
    "map_of_world": {"en": "World map", "fr": "Carte du monde"},
    "map_of_north-america": {"en": "Map of North America", "fr": "Carte de l'Amérique du Nord"},
    "map_of_central-america-caribbean": {"en": "Map of Central America and the Caribbean",
                                         "fr": "Carte de l'Amérique centrale et des Caraïbes"},
    "map_of_south-america": {"en": "Map of South America", "fr": "Carte de l'Amérique du Sud"},
    "map_of_europe": {"en": "Map of Europe", "fr": "Carte de l'Europe"},
    "map_of_africa-middle-east": {"en": "Map of Africa and the Middle East",
                                  "fr": "Carte de l'Afrique et du Moyen-Orient"},
    "map_of_asia-pacific": {"en": "Map of Asia and the Pacific", "fr": "Carte de l'Asie et du Pacifique"},
    # Every export says which year its statuses describe, and how many of its facts are not confirmed.
    "export_status": {"en": "Status as of {year}", "fr": "État en {year}"},
    "export_unconfirmed": {
        "en": "{n} of the {total} engagements shown are not confirmed: attributions that no public source confirms "
              "(white markers), to be replaced when IRCC publishes its list.",
        "fr": "{n} des {total} engagements affichés ne sont pas confirmés\u00a0: des attributions qu'aucune source "
              "publique ne confirme (symboles blancs), à remplacer quand IRCC publiera sa liste.",
    },
    "export_unconfirmed_one": {
        "en": "{n} of the {total} engagements shown is not confirmed: an attribution that no public source confirms "
              "(white marker), to be replaced when IRCC publishes its list.",
        "fr": "{n} des {total} engagements affichés n'est pas confirmé\u00a0: une attribution qu'aucune source "
              "publique ne confirme (symbole blanc), à remplacer quand IRCC publiera sa liste.",
    },
    "export_on_map": {"en": "Countries on the map ({n})", "fr": "Pays sur la carte ({n})"},
    "export_on_map_one": {"en": "Country on the map ({n})", "fr": "Pays sur la carte ({n})"},
    "export_not_named": {"en": "Also on the map, not named on it: {list}",
                         "fr": "Aussi sur la carte, sans leur nom\u00a0: {list}"},
    "export_countries_title": {"en": "The countries on the map: their engagements and sources",
                               "fr": "Les pays sur la carte\u00a0: leurs engagements et leurs sources"},
    "export_column_engagement": {"en": "Engagement", "fr": "Engagement"},
    # The country profile (GET /export/profile.pdf?country=ARG, the details card's link).
    "profile_title": {"en": "Country profile", "fr": "Profil de pays"},
    "profile_link": {"en": "Country profile (PDF)", "fr": "Profil du pays (PDF)"},
    "profile_engagements": {"en": "Canada's engagements", "fr": "Engagements du Canada"},
    "profile_locator": {"en": "{map} ({country} outlined)", "fr": "{map} (pays encadré\u00a0: {country})"},
    "profile_data_date": {"en": "Data of {date}", "fr": "Données du {date}"},
    "profile_not_found": {
        "en": "No country profile: the link names no country of the data (expected its ISO 3166 alpha-3 code, "
              "for example ARG).",
        "fr": "Aucun profil de pays\u00a0: le lien ne nomme aucun pays des données (attendu\u00a0: son code "
              "ISO 3166 alpha-3, par exemple ARG).",
    },
    "export_menu": {"en": "Download", "fr": "Télécharger"},
    "export_menu_label": {
        "en": "Download this view: image, PDF, slide or offline page; or its data",
        "fr": "Télécharger cette vue\u00a0: image, PDF, diapositive ou page hors ligne; ou ses données",
    },
    "export_png": {"en": "Image for a slide (PNG, 1920 × 1080)", "fr": "Image pour une diapositive (PNG, 1920 × 1080)"},
    "export_png_large": {"en": "Large image (PNG, 3840 × 2160)", "fr": "Grande image (PNG, 3840 × 2160)"},
    "export_svg": {"en": "Vector image (SVG)", "fr": "Image vectorielle (SVG)"},
    "export_pdf_letter": {"en": "PDF, Letter page", "fr": "PDF, format lettre"},
    "export_pdf_a4": {"en": "PDF, A4 page", "fr": "PDF, format A4"},
    "export_pptx": {"en": "PowerPoint slide (PPTX)", "fr": "Diapositive PowerPoint (PPTX)"},
    "export_snapshot": {
        "en": "Offline page, one file (HTML)",
        "fr": "Page hors ligne, un seul fichier (HTML)",
    },
    "export_snapshot_note": {
        "en": "Offline copy of a view of the dashboard, made from the data of {date}: it works without a network. "
              "Hover over a country for its engagements; scroll to zoom, drag to pan, double-click to return to the "
              "view as it opened.",
        "fr": "Copie hors ligne d'une vue du tableau de bord, faite à partir des données du {date}\u00a0: elle fonctionne "
              "sans réseau. Survolez un pays pour voir ses engagements; faites défiler pour zoomer, glissez pour "
              "déplacer la carte, double-cliquez pour revenir à la vue d'origine.",
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
    # Briefings (dashboard.core.briefing): why a briefing file or link cannot be opened. Each names the step (from 1)
    # and the field; {name} and {value} repeat what the file says (JSON field names are the format's, not words).
    "briefing_title": {"en": "Briefing", "fr": "Breffage"},
    "briefing_help": {
        "en": "A briefing is a sequence of views with captions, to play in presentation mode, share as a link or save "
              "as a file.",
        "fr": "Un breffage est une suite de vues avec leurs légendes, à présenter en mode présentation, à partager "
              "par un lien ou à enregistrer dans un fichier.",
    },
    "briefing_empty": {"en": "No step yet: set up a view, then add it.",
                       "fr": "Aucune étape pour l'instant\u00a0: préparez une vue, puis ajoutez-la."},
    "briefing_add": {"en": "Add this view", "fr": "Ajouter cette vue"},
    "briefing_play": {"en": "Play", "fr": "Présenter"},
    "briefing_save": {"en": "Save (.json)", "fr": "Enregistrer (.json)"},
    "briefing_deck": {"en": "Slides (.pptx)", "fr": "Diapositives (.pptx)"},
    "book_title": {"en": "Briefing book", "fr": "Cahier d'information"},
    "book_contents": {"en": "Contents", "fr": "Table des matières"},
    "book_programs": {"en": "Programs and forums", "fr": "Programmes et forums"},
    "book_countries": {"en": "Countries", "fr": "Pays"},
    "export_book": {"en": "Briefing book (PDF)", "fr": "Cahier d'information (PDF)"},
    "briefing_offline": {"en": "Offline file (.html)", "fr": "Fichier hors ligne (.html)"},
    "briefing_previous": {"en": "Previous step", "fr": "Étape précédente"},
    "briefing_next": {"en": "Next step", "fr": "Étape suivante"},
    "briefing_keys_offline": {"en": "Page Down, Page Up or the arrow keys step through the briefing.",
                              "fr": "Page suiv., Page préc. ou les touches fléchées font défiler le breffage."},
    "briefing_pdf": {"en": "PDF, a page per step", "fr": "PDF, une page par étape"},
    "briefing_open": {"en": "Open a briefing file", "fr": "Ouvrir un fichier de breffage"},
    "briefing_clear": {"en": "Clear", "fr": "Effacer"},
    "briefing_step_label": {"en": "Step {n}", "fr": "Étape {n}"},
    "briefing_other_language": {"en": "(French only)", "fr": "(en anglais seulement)"},
    "briefing_up": {"en": "Move step {n} up", "fr": "Monter l'étape {n}"},
    "briefing_down": {"en": "Move step {n} down", "fr": "Descendre l'étape {n}"},
    "briefing_edit": {"en": "Caption of step {n}", "fr": "Légende de l'étape {n}"},
    "briefing_remove": {"en": "Remove step {n}", "fr": "Retirer l'étape {n}"},
    "briefing_go": {"en": "Present from step {n}", "fr": "Présenter à partir de l'étape {n}"},
    "briefing_caption_title": {"en": "Title {language}", "fr": "Titre {language}"},
    "briefing_caption_note": {"en": "Note {language}", "fr": "Note {language}"},
    "briefing_caption_save": {"en": "Save the caption", "fr": "Enregistrer la légende"},
    "briefing_caption_cancel": {"en": "Cancel", "fr": "Annuler"},
    "briefing_language_en": {"en": "in English", "fr": "en anglais"},
    "briefing_language_fr": {"en": "in French", "fr": "en français"},
    "briefing_playing": {"en": "Step {n} of {total}", "fr": "Étape {n} sur {total}"},
    "briefing_keys": {"en": "Page Down, Page Up: next and previous step. ← →: the countries of the step.",
                      "fr": "Page suiv., Page préc.\u00a0: étape suivante et précédente. ← →\u00a0: les pays de l'étape."},
    "briefing_limits": {
        "en": "At most {steps} steps; titles of {title} characters, notes of {note}; files of {size} KB.",
        "fr": "Au plus {steps} étapes; titres de {title} caractères, notes de {note}; fichiers de {size} Ko.",
    },
    "briefing_field_title": {"en": "title ({language})", "fr": "titre ({language})"},
    "briefing_field_note": {"en": "note ({language})", "fr": "note ({language})"},
    "briefing_error_too_large": {
        "en": "The file is too large ({size} KB): a briefing holds at most {limit} KB.",
        "fr": "Le fichier est trop volumineux ({size}\u00a0Ko)\u00a0: un breffage occupe au plus {limit}\u00a0Ko.",
    },
    "briefing_error_encoding": {
        "en": "The file is not UTF-8 text.",
        "fr": "Le fichier n'est pas du texte UTF-8.",
    },
    "briefing_error_not_json": {
        "en": "The file is not valid JSON (line {line}, column {column}).",
        "fr": "Le fichier n'est pas du JSON valide (ligne {line}, colonne {column}).",
    },
    "briefing_error_not_object": {
        "en": "The file does not hold a briefing: a JSON object with “version” and “steps” is expected.",
        "fr": "Le fichier ne contient pas de breffage\u00a0: un objet JSON avec «\u00a0version\u00a0» et "
              "«\u00a0steps\u00a0» est attendu.",
    },
    "briefing_error_file_field": {
        "en": "The file has an unknown field “{name}”.",
        "fr": "Le fichier contient un champ inconnu, «\u00a0{name}\u00a0».",
    },
    "briefing_error_version_missing": {
        "en": "The file gives no “version”: this dashboard reads briefings of version {supported}.",
        "fr": "Le fichier n'indique pas de «\u00a0version\u00a0»\u00a0: ce tableau de bord lit les breffages de "
              "version {supported}.",
    },
    "briefing_error_version": {
        "en": "The file is a briefing of version {value}: this dashboard reads version {supported}.",
        "fr": "Le fichier est un breffage de version {value}\u00a0: ce tableau de bord lit la version {supported}.",
    },
    "briefing_error_steps": {
        "en": "The file has no list of “steps”.",
        "fr": "Le fichier ne contient pas de liste «\u00a0steps\u00a0» (les étapes).",
    },
    "briefing_error_too_many_steps": {
        "en": "The briefing has {n} steps: at most {limit} are allowed.",
        "fr": "Le breffage compte {n} étapes\u00a0: {limit} au plus sont permises.",
    },
    "briefing_error_step_not_object": {
        "en": "Step {step}: an object with a “view” and a “caption” is expected.",
        "fr": "Étape {step}\u00a0: un objet avec les champs «\u00a0view\u00a0» (la vue) et «\u00a0caption\u00a0» "
              "(la légende) est attendu.",
    },
    "briefing_error_step_field": {
        "en": "Step {step}: unknown field “{name}”.",
        "fr": "Étape {step}\u00a0: champ inconnu, «\u00a0{name}\u00a0».",
    },
    "briefing_error_view_type": {
        "en": "Step {step}, view: a view is text such as “{example}”.",
        "fr": "Étape {step}, vue\u00a0: une vue est un texte comme «\u00a0{example}\u00a0».",
    },
    "briefing_error_view_too_long": {
        "en": "Step {step}, view: longer than {limit} characters.",
        "fr": "Étape {step}, vue\u00a0: plus de {limit} caractères.",
    },
    "briefing_error_view_setting": {
        "en": "Step {step}, view: “{name}” is not a setting of the map.",
        "fr": "Étape {step}, vue\u00a0: «\u00a0{name}\u00a0» n'est pas un réglage de la carte.",
    },
    "briefing_error_unknown_category": {
        "en": "Step {step}, view: the data has no engagement type “{value}”.",
        "fr": "Étape {step}, vue\u00a0: les données n'ont pas de type d'engagement «\u00a0{value}\u00a0».",
    },
    "briefing_error_unknown_program": {
        "en": "Step {step}, view: the data has no program or forum “{value}”.",
        "fr": "Étape {step}, vue\u00a0: les données n'ont pas de programme ou forum «\u00a0{value}\u00a0».",
    },
    "briefing_error_unknown_region": {
        "en": "Step {step}, view: the data has no region “{value}”.",
        "fr": "Étape {step}, vue\u00a0: les données n'ont pas de région «\u00a0{value}\u00a0».",
    },
    "briefing_error_unknown_country": {
        "en": "Step {step}, view: the data has no country with the code “{value}”.",
        "fr": "Étape {step}, vue\u00a0: aucun pays des données n'a le code «\u00a0{value}\u00a0».",
    },
    "briefing_error_unknown_zoom": {
        "en": "Step {step}, view: the map has no regional focus “{value}”.",
        "fr": "Étape {step}, vue\u00a0: la carte n'a pas de vue régionale «\u00a0{value}\u00a0».",
    },
    "briefing_error_unknown_years": {
        "en": "Step {step}, view: the years “{value}” are not a range the data covers (such as 2017-2019).",
        "fr": "Étape {step}, vue\u00a0: les années «\u00a0{value}\u00a0» ne sont pas une période couverte par les "
              "données (comme 2017-2019).",
    },
    "briefing_error_unknown_confirmed": {
        "en": "Step {step}, view: “{name}” is 1 or 0, not “{value}”.",
        "fr": "Étape {step}, vue\u00a0: «\u00a0{name}\u00a0» vaut 1 ou 0, pas «\u00a0{value}\u00a0».",
    },
    "briefing_error_caption_not_object": {
        "en": "Step {step}, caption: an object with an “en” or “fr” caption is expected.",
        "fr": "Étape {step}, légende\u00a0: un objet avec une légende «\u00a0en\u00a0» ou «\u00a0fr\u00a0» "
              "est attendu.",
    },
    "briefing_error_caption_lang": {
        "en": "Step {step}, caption: “{value}” is not a language of the dashboard (en or fr).",
        "fr": "Étape {step}, légende\u00a0: «\u00a0{value}\u00a0» n'est pas une langue du tableau de bord "
              "(en ou fr).",
    },
    "briefing_error_caption_entry": {
        "en": "Step {step}, caption ({language}): an object with a “title” and a “note” is expected.",
        "fr": "Étape {step}, légende ({language})\u00a0: un objet avec les champs «\u00a0title\u00a0» (le titre) "
              "et «\u00a0note\u00a0» est attendu.",
    },
    "briefing_error_text_type": {
        "en": "Step {step}, {field}: text is expected.",
        "fr": "Étape {step}, {field}\u00a0: un texte est attendu.",
    },
    "briefing_error_text_too_long": {
        "en": "Step {step}, {field}: {n} characters, more than the {limit} allowed.",
        "fr": "Étape {step}, {field}\u00a0: {n} caractères, plus que les {limit} permis.",
    },
    "briefing_error_text_control": {
        "en": "Step {step}, {field}: the character U+{code} is not allowed (line breaks and tabs are).",
        "fr": "Étape {step}, {field}\u00a0: le caractère U+{code} n'est pas permis (les sauts de ligne et les "
              "tabulations le sont).",
    },
    "briefing_error_link_too_long": {
        "en": "The briefing in the link is too long ({n} characters, at most {limit}).",
        "fr": "Le breffage du lien est trop long ({n} caractères, au plus {limit}).",
    },
    "briefing_error_link_too_large": {
        "en": "The briefing in the link unpacks to more than {limit} KB.",
        "fr": "Le breffage du lien occupe plus de {limit}\u00a0Ko une fois décompressé.",
    },
    "briefing_error_link_damaged": {
        "en": "The briefing in the link is damaged and cannot be read.",
        "fr": "Le breffage du lien est endommagé et ne peut pas être lu.",
    },
    "briefing_error_too_long_for_link": {
        "en": "This briefing is too long for a link ({n} characters, at most {limit}): save it as a file.",
        "fr": "Ce breffage est trop long pour un lien ({n} caractères, au plus {limit})\u00a0: enregistrez-le dans "
              "un fichier.",
    },
    "briefing_error_full": {
        "en": "A briefing holds at most {limit} steps.",
        "fr": "Un breffage compte au plus {limit} étapes.",
    },
    "briefing_error_no_step": {
        "en": "There is no step {step} in this briefing.",
        "fr": "Ce breffage n'a pas d'étape {step}.",
    },
    # Sign-in (dashboard.server.auth): a request has no language yet, so both are sent, English first.
    "auth_realm": {"en": "Dashboard", "fr": "Tableau de bord"},
    "auth_required": {"en": "Sign-in required.", "fr": "Connexion requise."},
    "auth_too_many": {"en": "Too many failed sign-ins: try again in {seconds} s.",
                      "fr": "Trop de tentatives de connexion échouées\u00a0: réessayez dans {seconds}\u00a0s."},
    # Citations (dashboard.core.citations): each source with its publisher, title, date and address.
    "citation_undated": {"en": "Undated", "fr": "Sans date"},
    "citation_no_address": {"en": "Address not found.", "fr": "Adresse introuvable."},
    "citation_copy": {"en": "Read on a copy: {url}", "fr": "Lu sur une copie\u00a0: {url}"},
    "citation_opens": {"en": "(opens in a new tab)", "fr": "(s'ouvre dans un nouvel onglet)"},
    "citation_to_copy": {"en": "the link is to a copy", "fr": "le lien mène à une copie"},
    "how_to_cite_title": {"en": "How to cite", "fr": "Comment citer"},
    "how_to_cite_text": {
        "en": "{department} (IRCC). {title}: map dashboard. Status as of {year}; data of {date}.",
        "fr": "{department} (IRCC). {title}\u00a0: carte interactive. État en {year}; données du {date}.",
    },
    "how_to_cite_help": {"en": "Select the line to copy it.", "fr": "Sélectionnez la ligne pour la copier."},
    # Downloads for reuse (dashboard.core.reuse, dashboard.server.downloads).
    "download_xlsx": {"en": "Table of the engagements shown (Excel, XLSX)",
                      "fr": "Tableau des engagements affichés (Excel, XLSX)"},
    "download_csv": {"en": "Table of the engagements shown (CSV)", "fr": "Tableau des engagements affichés (CSV)"},
    "download_package": {"en": "All the data, with its dictionary (ZIP data package)",
                         "fr": "Toutes les données, avec leur dictionnaire (paquet de données ZIP)"},
    "sheet_engagements": {"en": "Engagements", "fr": "Engagements"},
    "sheet_about": {"en": "About", "fr": "À propos"},
    "sheet_sources": {"en": "Sources", "fr": "Sources"},
    "about_title": {"en": "Title", "fr": "Titre"},
    "about_filters": {"en": "Filters", "fr": "Filtres"},
    "about_rows": {"en": "Rows shown", "fr": "Lignes affichées"},
    "about_status": {"en": "Statuses describe the year", "fr": "Les états décrivent l'année"},
    "about_data_date": {"en": "Data modified", "fr": "Données modifiées le"},
    "about_how_to_cite": {"en": "How to cite", "fr": "Comment citer"},
    "about_licence": {"en": "Licence", "fr": "Licence"},
    "about_view": {"en": "View", "fr": "Vue"},
    "about_sources": {
        "en": "Every row cites the sources listed in the Sources sheet by their ID (column Source IDs).",
        "fr": "Chaque ligne cite les sources de la feuille Sources par leur identifiant (colonne Identifiants des "
              "sources).",
    },
    "source_id": {"en": "ID", "fr": "Identifiant"},
    "source_title": {"en": "Title", "fr": "Titre"},
    "source_publisher": {"en": "Publisher", "fr": "Éditeur"},
    "source_date": {"en": "Date", "fr": "Date"},
    "source_url": {"en": "Address", "fr": "Adresse"},
    "source_read": {"en": "Address read", "fr": "Adresse consultée"},
    "source_note": {"en": "Note", "fr": "Remarque"},
    "read_seen": {"en": "at this address", "fr": "à cette adresse"},
    "read_copy": {"en": "on a copy at this address", "fr": "sur une copie à cette adresse"},
    "read_not-found": {"en": "address not found", "fr": "adresse introuvable"},
    "package_description": {
        "en": "Canada's (IRCC) international migration engagements by country, status as of {year}: the data of the "
              "dashboard's map, with the source of every row.",
        "fr": "Engagements internationaux du Canada (IRCC) en matière de migration, par pays, état en {year}\u00a0: "
              "les données de la carte du tableau de bord, avec la source de chaque ligne.",
    },
    "package_files": {"en": "Files", "fr": "Fichiers"},
    "package_schema": {
        "en": "datapackage.json describes every column of every file (type, allowed values, meaning in English and "
              "French): the rules the dashboard checks the files with.",
        "fr": "datapackage.json décrit chaque colonne de chaque fichier (type, valeurs permises, sens en anglais et "
              "en français)\u00a0: les règles avec lesquelles le tableau de bord vérifie les fichiers.",
    },
    "package_no_licence": {"en": "No licence is stated in metadata.csv.",
                           "fr": "Aucune licence n'est indiquée dans metadata.csv."},
    "package_file_countries": {"en": "countries and territories, with their names and regions",
                               "fr": "pays et territoires, avec leurs noms et leurs régions"},
    "package_file_engagements": {"en": "one row per engagement of a country in a program or forum",
                                 "fr": "une ligne par engagement d'un pays dans un programme ou un forum"},
    "package_file_programs": {"en": "the programs and forums, and Canada's role in each",
                              "fr": "les programmes et les forums, et le rôle du Canada dans chacun"},
    "package_file_funding": {"en": "the funding streams of the IMCBP", "fr": "les volets de financement du PRCMI"},
    "package_file_reasons": {"en": "why Canada invests in capacity building and engages internationally",
                             "fr": "pourquoi le Canada investit dans le renforcement des capacités et s'engage sur la "
                                   "scène internationale"},
    "package_file_metadata": {"en": "dates, the status year and the licence",
                              "fr": "dates, année des états et licence"},
    "package_file_sources": {"en": "every source cited, with its address and how it was read",
                             "fr": "chaque source citée, avec son adresse et la façon dont elle a été consultée"},
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


def both_languages(key: str, **values: object) -> str:
    """'Not found. / Introuvable.': for text sent where the reader's language is not known, English first."""
    return " / ".join(t(key, lang, **values) for lang in LANGS)


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
    """Whole Canadian dollars in the locale's own pattern: '$700,000' / '700 000 $'; whole millions in words, as
    Canada.ca writes them and as the sources give them: '$21 million' / '21 millions de dollars'."""
    if value >= 1_000_000 and value % 1_000_000 == 0:
        millions = format_number(value // 1_000_000, lang)
        if normalize_lang(lang) == "fr":
            return f"{millions}\u00a0million{'s' if value >= 2_000_000 else ''} de dollars"
        return f"${millions} million"
    locale = Locale.parse(LOCALES[normalize_lang(lang)])
    whole_dollars = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, "CAD", format=whole_dollars, locale=locale, currency_digits=False)


def format_month(day: dt.date, lang: str) -> str:
    """'May 2025' / 'mai 2025'."""
    return format_date(day, format="LLLL y", locale=LOCALES[normalize_lang(lang)])


def format_day(day: dt.date, lang: str) -> str:
    """A date in running text as Canada.ca writes it: 'April 1, 2019' / '1er avril 2019'."""
    lang = normalize_lang(lang)
    text = format_date(day, format="long", locale=LOCALES[lang])
    return "1er" + text[1:] if lang == "fr" and day.day == 1 else text
