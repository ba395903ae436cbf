"""A report built in code that exercises every renderer: every severity and category, waivers (active,
expired, unused), omitted counts, run-wide findings, unicode, ``%``, newlines, control characters and
markup in messages, MQA and freshness extras."""

from __future__ import annotations

from datetime import date, timedelta

from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report, ResourceStats, Waiver

TYPES = {
    t.code: register(t)
    for t in (
        FindingType(
            code="rt-type-error",
            title="Value has the wrong type",
            template="The value '{cell}' in {field} is not a {type}",
            hint="Write {field} as a {type}, e.g. 12,5.",
            category=Category.SCHEMA,
        ),
        FindingType(
            code="rt-missing-cell",
            title="Required value missing",
            template="{field} is empty but required",
            hint="Fill in {field}.",
            category=Category.SCHEMA,
        ),
        FindingType(
            code="rt-encoding",
            title="Encoding guessed",
            template="{path} is {encoding}, not UTF-8",
            hint="Save the file as UTF-8.",
            category=Category.SOURCE,
            severity=Severity.WARNING,
        ),
        FindingType(
            code="rt-extra-cell",
            title="Row has too many cells",
            template="Row {row} has {count} cells, the header {expected}",
            category=Category.STRUCTURE,
        ),
        FindingType(
            code="rt-plausibility",
            title="Implausible value",
            template="{message}",
            hint="Check the value; 100% is the maximum.",
            category=Category.QUALITY,
            severity=Severity.WARNING,
        ),
        FindingType(
            code="RT-PRIV-001",
            title="Small counts must be suppressed",
            template="{count} cells hold counts below {threshold}",
            hint="Suppress or aggregate counts below {threshold}.",
            category=Category.GOVERNANCE,
            pillar="Datenschutz",
        ),
        FindingType(
            code="RT-TRANS-002",
            title="Provenance missing",
            template="The dataset does not say where the data comes from",
            hint="Add 'provenance' to the descriptor.",
            category=Category.GOVERNANCE,
            severity=Severity.INFO,
            pillar="Transparenz",
        ),
        FindingType(
            code="rt-descriptor",
            title="Descriptor invalid",
            template="The descriptor is invalid at {pointer}: {detail}",
            category=Category.METADATA,
        ),
        FindingType(
            code="rt-shacl",
            title="SHACL violation",
            template="{message}",
            category=Category.DCAT,
            severity=Severity.WARNING,
            help_uri="https://example.org/shapes#contact",
        ),
        FindingType(
            code="rt-publish",
            title="Publishing skipped",
            template="Nothing to publish for {name}",
            category=Category.PUBLISH,
            severity=Severity.INFO,
        ),
        FindingType(
            code="rt-config",
            title="Config default used",
            template="No publisher in {path}; using the city default",
            category=Category.METADATA,
            severity=Severity.INFO,
        ),
    )
}

TRICKY = "50% höher als üblich,\nZeile 2: Straße „Am Bach“ 🌳 <script>alert('x')</script> & co; a:b,c\r\nEnde"


def build_report() -> Report:
    today = date.today()
    active = Waiver(
        code="rt-encoding",
        justification="Fachverfahren exportiert nur CP1252; Umstellung 2026 geplant",
        owner="Amt 62 <geodaten@bielefeld.de>",
        expires=today + timedelta(days=200),
        resource="baeume",
    )
    expired = Waiver(code="rt-missing-cell", justification="alt", owner="Amt 12", expires=today - timedelta(days=3))
    unused = Waiver(code="rt-extra-cell", justification="nicht mehr nötig", owner="Amt 33", expires=today + timedelta(days=30))

    trees = DatasetResult(
        name="stadtbaeume",
        title="Stadtbäume Bielefeld",
        path="examples/bielefeld/stadtbaeume/datapackage.yaml",
        resources=[
            ResourceStats(
                name="baeume", path="baeume.csv", rows=48213, fields=12, bytes=5_000_000, encoding="cp1252", seconds=0.42
            )
        ],
        waivers=[active, expired, unused],
        extras={
            "mqa": {
                "score": 245,
                "max": 405,
                "rating": "Good",
                "dimensions": {"Findability": {"points": 60, "max": 100}, "Reusability": {"points": 75, "max": 75}},
            },
            "freshness": {
                "age_days": 12,
                "max_age_days": 31,
                "last_modified": "2025-05-01",
                "status": "fresh",
                "periodicity": "monthly",
            },
        },
    )
    for row in range(2, 9):
        trees.add(
            Finding(
                "rt-type-error",
                Severity.ERROR,
                Location(
                    path="baeume.csv",
                    resource="baeume",
                    row=row,
                    field="hoehe_m",
                    field_number=5,
                    row_key={"baum_id": 1000 + row},
                ),
                params={"cell": f"{row},5 m", "field": "hoehe_m", "type": "number"},
                samples=[f"{row},5 m"],
            )
        )
    trees.omitted["rt-type-error"] = 4993
    trees.add(
        Finding(
            "rt-encoding",
            Severity.WARNING,
            Location(path="baeume.csv", resource="baeume"),
            params={"path": "baeume.csv", "encoding": "cp1252"},
            waiver=active,
        )
    )
    trees.add(
        Finding(
            "rt-missing-cell",
            Severity.ERROR,
            Location(path="baeume.csv", resource="baeume", row=17, field="art", field_number=2, row_key={"baum_id": 1017}),
            params={"field": "art"},
            waiver=expired,
        )
    )
    trees.add(
        Finding(
            "rt-plausibility",
            Severity.WARNING,
            Location(path="baeume.csv", resource="baeume", row=40, field="kronen%", field_number=7, line=41),
            params={"message": TRICKY},
            samples=["\x1bbad\x00value", "<b>"],
        )
    )
    trees.add(
        Finding(
            "rt-extra-cell",
            Severity.ERROR,
            Location(path="baeume.csv", resource="baeume", row=99),
            params={"row": 99, "count": 13, "expected": 12},
        )
    )
    trees.add(
        Finding(
            "rt-descriptor",
            Severity.ERROR,
            Location(path="examples/bielefeld/stadtbaeume/datapackage.yaml", pointer="/resources/0/schema/fields/3/type"),
            params={"pointer": "/resources/0/schema/fields/3/type", "detail": "'numbr' is not one of ['number', 'integer']"},
        )
    )
    trees.add(
        Finding(
            "RT-TRANS-002", Severity.INFO, Location(path="examples/bielefeld/stadtbaeume/datapackage.yaml", pointer="/provenance")
        )
    )

    population = DatasetResult(
        name="bevoelkerung",
        title="Bevölkerung nach statistischen Bezirken",
        path="examples/bielefeld/bevoelkerung/datapackage.yaml",
        resources=[
            ResourceStats(name="bevoelkerung", path="bevoelkerung.csv", rows=2304, fields=6, encoding="utf-8", seconds=0.05)
        ],
        extras={
            "mqa": {"score": 120, "max": 405, "rating": "Sufficient"},
            "freshness": {"age_days": 400, "max_age_days": 366, "status": "stale"},
        },
    )
    population.add(
        Finding(
            "RT-PRIV-001",
            Severity.ERROR,
            Location(path="bevoelkerung.csv", resource="bevoelkerung", field="anzahl", field_number=6),
            params={"count": 37, "threshold": 3},
        )
    )
    population.add(
        Finding(
            "rt-shacl",
            Severity.WARNING,
            Location(node="https://daten.bielefeld.de/dataset/bevoelkerung", property="dcat:contactPoint"),
            params={"message": "Kontaktangabe fehlt (dcat:contactPoint)"},
        )
    )
    population.add(Finding("rt-publish", Severity.INFO, Location(), params={"name": "bevoelkerung"}))

    parking = DatasetResult(
        name="parken",
        title="Parkplatzbelegung LoRaWAN",
        path="examples/bielefeld/parken/datapackage.yaml",
        resources=[ResourceStats(name="belegung", path="belegung.csv", rows=96000, fields=4, encoding="utf-8", seconds=0.3)],
    )

    report = Report(command="validate", datasets=[trees, population, parking], run_id="0123456789abcdef0123456789abcdef")
    report.started = "2025-06-01T10:00:00.000Z"
    report.ended = "2025-06-01T10:00:02.500Z"
    report.findings.append(
        Finding("rt-config", Severity.INFO, Location(path="stadtdaten.toml"), params={"path": "stadtdaten.toml"})
    )
    report.options.update({"fail_on": "error", "profile": "bielefeld"})
    return report
