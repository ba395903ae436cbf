"""``stadtdaten init``: a dataset repository that validates itself from the first commit.

Writes a project config, one complete example dataset (data, Table Schema, DCAT-AP.de and governance
metadata) that passes every check, a pipeline spec, a GitHub Actions workflow, a GitLab CI file and a
pre-commit config, with comments in German or English. Existing files are never overwritten without
``force``; the result lists what was written and what was kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from stadtdaten.core.files import atomic_write

TEXT = {
    "de": {
        "config": "# Projektkonfiguration für stadtdaten (Vorgaben für alle Datensätze dieses Repositorys).",
        "ckan": "# CKAN-Portal; das Token kommt NUR aus der Umgebungsvariablen CKAN_API_TOKEN.",
        "pipeline": "# Pipeline: welche Datensätze welche Schritte durchlaufen.",
        "workflow": "Offene Daten prüfen",
        "readme_title": "Offene Daten",
        "readme": (
            "Dieses Repository enthält offene Datensätze. Jeder Datensatz liegt in `data/<name>/` mit einer "
            "`datapackage.yaml` (Daten, Table Schema, DCAT-AP.de-Metadaten).\n\n"
            "Prüfen: `stadtdaten validate data`  \nGanze Pipeline (Prüfung, DCAT, KI-fertige Ausgaben): "
            "`stadtdaten run`  \nVor jedem Commit prüft pre-commit automatisch: `pre-commit install`.\n"
        ),
    },
    "en": {
        "config": "# Project configuration for stadtdaten (defaults for every dataset in this repository).",
        "ckan": "# CKAN portal; the token comes ONLY from the environment variable CKAN_API_TOKEN.",
        "pipeline": "# Pipeline: which datasets go through which steps.",
        "workflow": "Check open data",
        "readme_title": "Open data",
        "readme": (
            "This repository holds open datasets. Each dataset lives in `data/<name>/` with a "
            "`datapackage.yaml` (data, Table Schema, DCAT-AP.de metadata).\n\n"
            "Check: `stadtdaten validate data`  \nWhole pipeline (validation, DCAT, AI-ready outputs): "
            "`stadtdaten run`  \npre-commit checks before every commit: `pre-commit install`.\n"
        ),
    },
}

EXAMPLE_CSV = """brunnen_id;name;stadtbezirk_id;stadtbezirk;breite;laenge;in_betrieb_seit
TB-001;Trinkbrunnen Jahnplatz;01;Mitte;52,0219;8,5336;2021
TB-002;Trinkbrunnen Kesselbrink;01;Mitte;52,0190;8,5374;2021
TB-003;Trinkbrunnen Siegfriedplatz;01;Mitte;52,0299;8,5213;2022
TB-004;Trinkbrunnen Brackwede Marktplatz;04;Brackwede;51,9975;8,5002;2022
TB-005;Trinkbrunnen Sennestadt Reichowplatz;08;Sennestadt;51,9460;8,5908;2023
"""


@dataclass
class ScaffoldResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _config(lang: str) -> str:
    t = TEXT[lang]
    return f"""{t["config"]}
[project]
base_uri = "https://open.bielefeld.de/"
geocoding = "05711000"
geocoding_level = "municipality"
geocoding_label = "Bielefeld"
profile = "bielefeld"
catalog_dir = ".stadtdaten"
organisations = ["Stadt Bielefeld"]

[project.publisher]
name = "Stadt Bielefeld"
uri = "https://www.bielefeld.de"
type = "LocalAuthority"

[project.contact_point]
name = "Open Data Bielefeld"
email = "opendata@bielefeld.de"

{t["ckan"]}
# [ckan]
# url = "https://open.bielefeld.de"
# organization = "stadt-bielefeld"
"""


def _descriptor(today: date) -> str:
    return f"""name: trinkbrunnen
title: Öffentliche Trinkbrunnen
description: >-
  Diese Tabelle zeigt, wo in der Stadt öffentliche Trinkbrunnen stehen. Jede Zeile ist ein Brunnen. Sie
  finden den Namen des Ortes, den Stadtbezirk, die Lage auf der Karte und das Jahr, seit dem der Brunnen
  Wasser gibt. Das Umweltamt pflegt die Liste. Die Lage wird vor Ort mit GPS gemessen. Wir prüfen die
  Liste jedes Jahr im Frühjahr, bevor die Brunnen wieder laufen.
version: "{today.year}.1"
keywords: [Trinkbrunnen, Wasser, Stadtbezirk, Hitze]
licenses:
  - name: dl-zero-de/2.0
    path: http://dcat-ap.de/def/licenses/dl-zero-de/2.0
    title: Datenlizenz Deutschland – Zero – Version 2.0
resources:
  - name: trinkbrunnen
    path: trinkbrunnen.csv
    title: Trinkbrunnen
    bytes: {len(EXAMPLE_CSV.encode())}
    hash: sha256:{hashlib.sha256(EXAMPLE_CSV.encode()).hexdigest()}
    format: csv
    mediatype: text/csv
    encoding: utf-8
    dialect:
      delimiter: ";"
    schema:
      crs: EPSG:4326
      primaryKey: [brunnen_id]
      missingValues: [""]
      fields:
        - {{name: brunnen_id, type: string, title: Brunnen-ID, description: Eindeutige Kennung des Trinkbrunnens, constraints: {{required: true, unique: true, pattern: "TB-[0-9]{{3}}"}}}}
        - {{name: name, type: string, title: Name, description: Bezeichnung des Standorts, constraints: {{required: true}}}}
        - {{name: stadtbezirk_id, type: string, title: Stadtbezirk-Nummer, description: Zweistellige Nummer des Stadtbezirks mit führender Null, constraints: {{pattern: "[0-9]{{2}}"}}}}
        - {{name: stadtbezirk, type: string, title: Stadtbezirk, description: Name des Stadtbezirks}}
        - {{name: breite, type: number, decimalChar: ",", crs: EPSG:4326, title: Geografische Breite, description: Breitengrad des Standorts (WGS 84), unit: Grad, constraints: {{minimum: 51.9, maximum: 52.2}}}}
        - {{name: laenge, type: number, decimalChar: ",", crs: EPSG:4326, title: Geografische Länge, description: Längengrad des Standorts (WGS 84), unit: Grad, constraints: {{minimum: 8.3, maximum: 8.8}}}}
        - {{name: in_betrieb_seit, type: year, title: In Betrieb seit, description: Jahr der Inbetriebnahme}}
dcat:
  title_en: Public drinking fountains
  description_en: Locations of the public drinking fountains of the City of Bielefeld, with district, coordinates and the year each fountain was opened.
  keywords_en: [drinking fountains, water, heat]
  publisher: {{name: Stadt Bielefeld, uri: "https://www.bielefeld.de", type: LocalAuthority}}
  contact_point: {{name: Umweltamt Bielefeld, email: umweltamt@bielefeld.de}}
  maintainer: {{name: Umweltamt Bielefeld, email: umweltamt@bielefeld.de}}
  themes: [ENVI, HEAL]
  spatial: {{geocoding: "05711000", level: municipality, label: Bielefeld, bbox: [8.37, 51.91, 8.68, 52.12]}}
  temporal: {{start: "2021-01-01", end: "{today.year}-12-31"}}
  accrual_periodicity: ANNUAL
  issued: "{today.isoformat()}"
  modified: "{today.isoformat()}"
  provenance: Erfasst vom Umweltamt bei der Inbetriebnahme der Brunnen; Koordinaten aus dem städtischen GIS.
  access_rights: PUBLIC
  availability: STABLE
  landing_page: https://open.bielefeld.de/dataset/trinkbrunnen
  language: [DEU]
governance:
  rights_holder: city
  feedback: {{email: opendata@bielefeld.de, url: "https://open.bielefeld.de/feedback"}}
  security_review: {{date: "{today.isoformat()}", reviewer: Umweltamt, Sachgebiet Wasser}}
"""


def _pipeline(lang: str) -> str:
    return f"""{TEXT[lang]["pipeline"]}
version: 1
name: datensaetze
output: _build
steps: [validate, dcat, ai-ready, publish-local]
datasets:
  - path: data/trinkbrunnen
"""


def _workflow(lang: str) -> str:
    return f"""name: {TEXT[lang]["workflow"]}
on:
  push:
  pull_request:
jobs:
  stadtdaten:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: python -m pip install stadtdaten
      - run: stadtdaten --no-progress validate data --format github -o stadtdaten.sarif -o stadtdaten-junit.xml --fail-on error
      - run: stadtdaten --no-progress run . --steps validate,dcat,ai-ready --fail-on error
"""


def _gitlab() -> str:
    return """stadtdaten:
  image: python:3.11
  script:
    - python -m pip install stadtdaten
    - stadtdaten --no-progress validate data -o gl-code-quality-report.json -o stadtdaten-junit.xml --fail-on error
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: stadtdaten-junit.xml
"""


PRECOMMIT = """repos:
  - repo: local
    hooks:
      - id: stadtdaten-schema
        name: stadtdaten (structure + Table Schema)
        entry: stadtdaten --no-progress validate --only schema --no-catalog --fail-on error data
        language: system
        pass_filenames: false
        files: ^data/
      - id: stadtdaten-validate
        name: stadtdaten (full validation)
        entry: stadtdaten --no-progress validate --no-catalog --fail-on error data
        language: system
        pass_filenames: false
        files: ^(data/|stadtdaten\\.toml)
"""

GITIGNORE = ".stadtdaten/\n_build/\n*.sarif\nstadtdaten-junit.xml\ngl-code-quality-report.json\n"


def scaffold(target: Path, lang: str = "de", force: bool = False, today: date | None = None) -> ScaffoldResult:
    """Write the repository skeleton into ``target``."""
    today = today or date.today()
    files = {
        "stadtdaten.toml": _config(lang),
        "data/trinkbrunnen/datapackage.yaml": _descriptor(today),
        "data/trinkbrunnen/trinkbrunnen.csv": EXAMPLE_CSV,
        "stadtdaten-pipeline.yaml": _pipeline(lang),
        ".github/workflows/stadtdaten.yml": _workflow(lang),
        ".gitlab-ci.yml": _gitlab(),
        ".pre-commit-config.yaml": PRECOMMIT,
        ".gitignore": GITIGNORE,
        "README.md": f"# {TEXT[lang]['readme_title']}\n\n{TEXT[lang]['readme']}",
    }
    result = ScaffoldResult()
    for relative, content in files.items():
        path = target / relative
        if path.exists() and not force:
            result.kept.append(path)
            continue
        atomic_write(path, content)
        result.written.append(path)
    return result
