"""Synthetic engagements on the real countries and programs, written to a data folder that validates."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

from dashboard.core import schema

REPO = Path(__file__).resolve().parent.parent


def engagement_rows(count: int, countries: list[str], category_of: dict[str, str], seed: int = 2019,
                    status_as_of: int = 2019, source_ids: list[str] | None = None) -> list[dict]:
    """`count` plausible rows: every program and role, years with blanks, about 1 in 5 not confirmed, a status
    that fits the years as of `status_as_of` (the loader refuses one that does not), and sources taken in turn from
    `source_ids` (so that every source is cited, as the loader requires)."""
    source_ids = source_ids or ["S01"]
    rng = random.Random(seed)
    programs = sorted(category_of)
    rows = []
    for number in range(1, count + 1):
        program = rng.choice(programs)
        start = rng.choice([None, *range(2005, 2020)])
        end = None if start is None or rng.random() < 0.3 else start + rng.randint(0, 6)
        rows.append({
            "id": f"syn-{number:06d}", "iso3": rng.choice(countries), "category": category_of[program],
            "program": program, "role": rng.choice(schema.ROLES),
            "start_year": "" if start is None else start, "end_year": "" if end is None else end,
            "status": rng.choice([status for status in schema.STATUSES
                                  if schema.status_mismatch(status, start, end, status_as_of) is None]),
            "amount_cad": "" if rng.random() < 0.7 else rng.randrange(10_000, 2_000_000, 1_000),
            "description_en": f"Synthetic engagement {number}.", "description_fr": f"Engagement synthétique {number}.",
            "sources": source_ids[number % len(source_ids)],
            "confirmed": "no" if rng.random() < 0.2 else "yes",
        })
    return rows


def write_data_dir(count: int, destination: Path, source: Path = REPO / "data") -> Path:
    """A copy of `source` whose engagements.csv holds `count` synthetic rows; checked by dashboard.core.load.load."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file() and path.name != "engagements.csv":
            shutil.copy2(path, destination / path.name)
    with open(source / "countries.csv", encoding="utf-8", newline="") as handle:
        countries = [row["iso3"] for row in csv.DictReader(handle)]
    with open(source / "programs.csv", encoding="utf-8", newline="") as handle:
        category_of = {row["program"]: row["category"] for row in csv.DictReader(handle)}
    with open(source / "metadata.csv", encoding="utf-8", newline="") as handle:
        status_as_of = int({row["key"]: row["value"] for row in csv.DictReader(handle)}["status_as_of"])
    with open(source / "sources.csv", encoding="utf-8", newline="") as handle:
        source_ids = [row["id"] for row in csv.DictReader(handle)]
    rows = engagement_rows(count, countries, category_of, status_as_of=status_as_of, source_ids=source_ids)
    with open(destination / "engagements.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(schema.EngagementRow.model_fields))
        writer.writeheader()
        writer.writerows(rows)
    return destination
