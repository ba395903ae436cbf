"""``stadtdaten dcat emit`` (DCAT-AP.de 3.0 from descriptors) and ``stadtdaten dcat check`` (SHACL + MQA).

``check`` reads any DCAT document (file or URL; Turtle, RDF/XML, JSON-LD, N-Triples), validates it with
the shipped shapes (plus official shape files with ``--official DIR``), scores it with the
data.europa.eu MQA method and reports like ``validate``: same renderers, same exit codes
(0 ok, 1 findings at or above ``--fail-on`` - a document that does not parse is one -, 2 usage,
3 runtime: a URL that cannot be fetched, shapes that cannot be loaded).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stadtdaten.cli import AppContext
from stadtdaten.commands._options import deliver, report_options
from stadtdaten.core.config import load_config
from stadtdaten.core.dataset import find_datasets, load_dataset
from stadtdaten.core.errors import InputError, StadtdatenError, UsageError
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.files import atomic_write
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report

if TYPE_CHECKING:
    import rdflib

    from stadtdaten.core.dataset import Dataset

MQA_SCORE = register(
    FindingType(
        code="dcat-mqa-score",
        title="MQA score",
        template="MQA score {score}/{max} ({rating}) for {subject}",
        category=Category.DCAT,
        severity=Severity.INFO,
    )
)
MQA_MISSED = register(
    FindingType(
        code="dcat-mqa-missed",
        title="MQA indicator not met",
        template="MQA: '{indicator}' not met, {max_points} points missed ({detail})",
        category=Category.DCAT,
        severity=Severity.INFO,
    )
)


class ShapesError(StadtdatenError):
    code = "shapes-error"
    exit_code = ExitCode.RUNTIME
    template = "Cannot load the SHACL shapes {path}: {detail}"
    hint = "Give a folder or file of Turtle (.ttl) or RDF/XML (.rdf) shape files."


@click.group("dcat")
def command() -> None:
    """DCAT-AP.de 3.0: emit records from descriptors, check any DCAT document (SHACL + MQA)."""


@command.command("emit")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "xml", "jsonld", "nt"]),
    default=None,
    help="Serialisation (default: from the -o suffix, else ttl).",
)
@click.option("--base-uri", help="Base of the dataset IRIs (default: base_uri in stadtdaten.toml).")
@click.option("--no-catalog", is_flag=True, help="Only the dataset records, without the dcat:Catalog node.")
@click.pass_obj
def emit_command(
    app: AppContext, paths: tuple[Path, ...], output: Path | None, fmt: str | None, base_uri: str | None, no_catalog: bool
) -> None:
    """Write the DCAT-AP.de record of datasets (folders, descriptors, or folders holding datasets)."""
    from stadtdaten.dcat.emit import EmitContext, catalog_triples, dataset_triples
    from stadtdaten.dcat.terms import Triples
    from stadtdaten.dcat.writers import write

    config = load_config(app.config_path, start=paths[0]).with_overrides(base_uri=base_uri)
    datasets: list[Dataset] = []
    for path in paths:
        if path.is_dir() and not any((path / n).is_file() for n in ("datapackage.yaml", "datapackage.yml", "datapackage.json")):
            found = find_datasets(path)
            if not found:
                raise InputError("no dataset descriptors in this folder", path=str(path))
            datasets.extend(load_dataset(p) for p in found)
        else:
            datasets.append(load_dataset(path))
    chosen = fmt or _format_from_suffix(output) or "ttl"
    ctx = EmitContext(config)
    if no_catalog:
        store = Triples()
        for dataset in datasets:
            dataset_triples(dataset, config, store, ctx)
    else:
        store = catalog_triples(datasets, config, ctx)
    text = write(store, chosen)
    for finding in ctx.findings:
        label = app.translator.pgettext("dcat", "Warning")
        click.echo(f"{label}: {finding.message(app.translator)}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
        done = app.translator.pgettext("dcat", "Wrote {triples} triples for {datasets} datasets to {path}")
        click.echo(done.format(triples=len(store), datasets=len(datasets), path=output), err=True)


def _format_from_suffix(path: Path | None) -> str | None:
    if path is None:
        return None
    return {".ttl": "ttl", ".rdf": "xml", ".xml": "xml", ".jsonld": "jsonld", ".json": "jsonld", ".nt": "nt"}.get(
        path.suffix.lower()
    )


@command.command("check")
@click.argument("source")
@click.option(
    "--official",
    "official",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Also validate with the official shape files in this folder or file (repeatable).",
)
@click.option(
    "--vocabulary",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Vocabulary files to add to the data graph (official vocabulary shapes test skos:inScheme on values).",
)
@click.option("--check-urls", is_flag=True, help="MQA: check that access and download URLs answer (network).")
@click.option("--no-mqa", is_flag=True, help="Only SHACL, no MQA score.")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=50 * 1024 * 1024, show_default=True, help="Refuse larger documents."
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds for fetching a URL.")
@report_options
@click.pass_obj
def check_command(
    app: AppContext,
    source: str,
    official: tuple[Path, ...],
    vocabulary: tuple[Path, ...],
    check_urls: bool,
    no_mqa: bool,
    max_bytes: int,
    timeout: float,
    fmt: str | None,
    as_json: bool,
    outputs: tuple[Path, ...],
    fail_on: str,
) -> None:
    """Check a DCAT document (file or URL): SHACL (own shapes, --official ones) and MQA score."""
    from stadtdaten.dcat.read import EMPTY_DOCUMENT, has_dcat, read_document

    if not source.startswith(("http://", "https://")) and not Path(source).exists():
        raise UsageError(f"no such file: {source}", hint="Give a DCAT file or an http(s) URL.")
    report = Report(command="dcat check", options={"official": [str(p) for p in official], "check_urls": check_urls})
    name = source.rstrip("/").rsplit("/", 1)[-1] or source
    result = DatasetResult(name=name, path=source)
    report.datasets.append(result)
    document = read_document(source, max_bytes=max_bytes, timeout=timeout)
    result.extend(document.findings)
    result.extras["format"] = document.format
    result.extras["bytes"] = document.size
    graph = document.graph
    if graph is None:
        deliver(app, report, fmt=fmt, as_json=as_json, outputs=outputs, fail_on=fail_on)
        return
    result.extras["triples"] = len(graph)
    if not has_dcat(graph):
        result.add(Finding(EMPTY_DOCUMENT.code, Severity.WARNING, Location(path=source)))
    shapes, vocab_graph = _shapes(official, vocabulary)
    from stadtdaten.dcat.shacl import check_graph

    try:
        result.extend(check_graph(graph, shapes, language=app.language, vocabulary=vocab_graph, path=source))
    except Exception as exc:  # pyshacl refuses some shape graphs (docs/dcat.md, upstream defects)
        raise ShapesError(f"{type(exc).__name__}: {exc}", path=", ".join(map(str, official)) or "(own shapes)") from exc
    if not no_mqa:
        _mqa(graph, result, source, check_urls, timeout)
    deliver(app, report, fmt=fmt, as_json=as_json, outputs=outputs, fail_on=fail_on)


def _shapes(official: tuple[Path, ...], vocabulary: tuple[Path, ...]) -> tuple[rdflib.Graph | None, rdflib.Graph | None]:
    import rdflib

    from stadtdaten.dcat.shacl import load_shapes

    shapes = None
    if official:
        try:
            shapes = load_shapes(official)
        except Exception as exc:
            raise ShapesError(
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__, path=", ".join(map(str, official))
            ) from exc
    vocab_graph = None
    if vocabulary:
        vocab_graph = rdflib.Graph()
        for path in vocabulary:
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                try:
                    vocab_graph.parse(file)
                except Exception as exc:
                    raise ShapesError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, path=str(file)) from exc
    return shapes, vocab_graph


def _mqa(graph: rdflib.Graph, result: DatasetResult, source: str, check_urls: bool, timeout: float) -> None:
    from stadtdaten.dcat.mqa import catalogue_result, mqa_scores

    scores = mqa_scores(graph, check_urls=check_urls, timeout=timeout)
    overall = catalogue_result(scores)
    result.extras["mqa"] = overall.to_dict()
    for subject, score in scores.items():
        result.add(
            Finding(
                MQA_SCORE.code,
                Severity.INFO,
                Location(path=source, node=subject),
                {"score": score.score, "max": score.max, "rating": score.rating, "subject": subject},
            )
        )
        for item in score.indicators:
            if item.met is False:
                result.add(
                    Finding(
                        MQA_MISSED.code,
                        Severity.INFO,
                        Location(path=source, node=subject, property=item.property),
                        {"indicator": item.indicator, "max_points": item.max_points, "detail": item.detail or "-"},
                    )
                )
    if len(scores) > 1:
        result.add(
            Finding(
                MQA_SCORE.code,
                Severity.INFO,
                Location(path=source),
                {
                    "score": overall.score,
                    "max": overall.max,
                    "rating": overall.rating,
                    "subject": f"catalogue ({len(scores)} datasets)",
                },
            )
        )
    sys.stdout.flush()
