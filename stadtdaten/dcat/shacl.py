"""SHACL validation of DCAT documents with pyshacl; every validation result becomes a :class:`Finding`.

The project's own shapes (``stadtdaten/dcat/shapes/*.ttl``: DCAT-AP.de 3.0 obligations and the GovData
Konventionen K01, K08, K30, K31, K32, K35, K36, K38) ship with the package and carry English and German
messages. Official shape files (DCAT-AP.de 3.0, EU DCAT-AP) can be added from a folder; they are not
shipped (AGPL / EUPL, see docs/dcat.md).

Codes: a result from one of our shapes is ``shacl-<shape id>`` (``shacl-k01``, ``shacl-dataset-title``),
with its message translated by code like every other finding; a result from a foreign shape is
``shacl-<constraint>`` (``shacl-min-count``, ``shacl-class``), with the shape's own message in the
requested language (``sh:resultMessage`` with that language tag, else English, else any).

Results caused by documented upstream defects (docs/dcat.md, :data:`KNOWN_DEFECTS`) stay in the
report, downgraded to info and marked with the defect id and the reason, never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH

from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import Finding, Location
from stadtdaten.dcat.namespaces import PREFIXES

OWN_NAMESPACE = "https://stadtdaten.example/shapes/dcat-ap-de#"
SHAPE_FILES = ("dcat-ap-de-3.0.ttl", "govdata-konventionen.ttl")

_SEVERITY: dict[rdflib.term.Node | None, Severity] = {
    SH.Violation: Severity.ERROR,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}

# SHACL Core constraint components -> the kebab-case part of the code
_COMPONENTS = (
    "Class",
    "Datatype",
    "NodeKind",
    "MinCount",
    "MaxCount",
    "MinExclusive",
    "MinInclusive",
    "MaxExclusive",
    "MaxInclusive",
    "MinLength",
    "MaxLength",
    "Pattern",
    "LanguageIn",
    "UniqueLang",
    "Equals",
    "Disjoint",
    "LessThan",
    "LessThanOrEquals",
    "Not",
    "And",
    "Or",
    "Xone",
    "Node",
    "Property",
    "QualifiedValueShape",
    "QualifiedMinCount",
    "QualifiedMaxCount",
    "Closed",
    "HasValue",
    "In",
    "SPARQL",
    "Expression",
)


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def component_code(component: str) -> str:
    local = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return "shacl-" + (_kebab(local) if local else "constraint")


for _name in (*_COMPONENTS, "Other"):
    register(
        FindingType(
            code=component_code(_name + "ConstraintComponent") if _name != "Other" else "shacl-constraint",
            title=f"SHACL {_name}",
            template="{message}",
            category=Category.DCAT,
        )
    )


@dataclass(frozen=True)
class KnownDefect:
    """An upstream defect that makes an official shape report something our record gets right."""

    id: str
    reason: str
    component: str | None = None
    path: str | None = None
    focus_prefix: str | None = None
    literal_value: bool | None = None
    shape_prefix: str | None = None

    def matches(self, component: str, path: str | None, focus: str, value: rdflib.term.Node | None, shape: str) -> bool:
        if self.component and not component.endswith(self.component):
            return False
        if self.path and path != self.path:
            return False
        if self.focus_prefix and not focus.startswith(self.focus_prefix):
            return False
        if self.literal_value is not None and isinstance(value, rdflib.Literal) != self.literal_value:
            return False
        return not (self.shape_prefix and not shape.startswith(self.shape_prefix))


KNOWN_DEFECTS: tuple[KnownDefect, ...] = (
    KnownDefect(
        id="UD-1",
        reason=(
            "The dcat-ap.de licence list (20210721, in the offline vocabulary bundle) gives dcterms:type as a "
            "literal ('Freie Nutzung'), while the DCAT-AP.de 3.0 shape for dcterms:LicenseDocument demands an "
            "IRI; it fires as soon as a record types its licence dcterms:LicenseDocument, which the EU "
            "DCAT-AP 3.0.0 range check requires."
        ),
        component="NodeKindConstraintComponent",
        path="http://purl.org/dc/terms/type",
        focus_prefix="http://dcat-ap.de/def/licenses/",
        literal_value=True,
    ),
    KnownDefect(
        id="UD-2",
        reason=(
            "K12/K13 (dcatde:contributorID) in the official Konventionen shapes is a MUST only for direct "
            "delivery to GovData; Bielefeld delivers via Open.NRW, which adds its own contributor ID "
            "(docs/dcat-ap-de.md §1.3). Set [dcat] contributor_id in stadtdaten.toml to emit one."
        ),
        component="QualifiedMinCountConstraintComponent",
        path="http://dcat-ap.de/def/dcatde/contributorID",
    ),
)


@cache
def own_shapes() -> rdflib.Graph:
    """The shipped shapes, parsed once."""
    graph = rdflib.Graph()
    base = resources.files("stadtdaten.dcat") / "shapes"
    for name in SHAPE_FILES:
        graph.parse(data=(base / name).read_text(encoding="utf-8"), format="turtle")
    return graph


def load_shapes(paths: Iterable[str | Path], include_own: bool = True) -> rdflib.Graph:
    """Our shapes plus shape files (``.ttl``/``.rdf``) given as files or folders."""
    graph = rdflib.Graph()
    if include_own:
        graph += own_shapes()
    for path in paths:
        target = Path(path)
        files = sorted(p for p in target.rglob("*") if p.suffix in (".ttl", ".rdf", ".shacl")) if target.is_dir() else [target]
        for file in files:
            graph.parse(file, format="xml" if file.suffix == ".rdf" else "turtle")
    return graph


def _own_shape_messages(graph: rdflib.Graph) -> dict[str, tuple[str, str, Severity]]:
    """shape local name -> (English message, German message, severity) for our shapes."""
    found: dict[str, tuple[str, str, Severity]] = {}
    for shape in set(graph.subjects(SH.message, None)):
        if not isinstance(shape, rdflib.URIRef) or not str(shape).startswith(OWN_NAMESPACE):
            continue
        messages = {getattr(m, "language", None): str(m) for m in graph.objects(shape, SH.message)}
        severity = _SEVERITY.get(graph.value(shape, SH.severity), Severity.ERROR)
        found[str(shape)[len(OWN_NAMESPACE) :]] = (messages.get("en", ""), messages.get("de", ""), severity)
    return found


def own_code(shape_local_name: str) -> str:
    return "shacl-" + shape_local_name.lower()


def _register_own() -> dict[str, tuple[str, str, Severity]]:
    messages = _own_shape_messages(own_shapes())
    for name, (english, _german, severity) in sorted(messages.items()):
        register(
            FindingType(
                code=own_code(name),
                title=f"DCAT-AP.de shape {name}",
                template=english,
                category=Category.DCAT,
                severity=severity,
                help_uri="https://www.dcat-ap.de/def/dcatde/2.0/implRules/" if name.startswith("K") else None,
            )
        )
    return messages


OWN_SHAPES = _register_own()


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w-]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _node_text(node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return str(node)


def _path_text(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return _compact(str(path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(graph, inverse) or "?")
    return "(complex path)"


def _pick_message(messages: list[rdflib.term.Node], language: str) -> str:
    by_lang: dict[str | None, str] = {}
    for message in messages:
        by_lang.setdefault(getattr(message, "language", None), str(message))
    for key in (language, "en", None):
        if key in by_lang:
            return by_lang[key]
    return next(iter(by_lang.values()), "")


def results_to_findings(report: rdflib.Graph, language: str = "de", path: str | None = None) -> list[Finding]:
    """Turn a SHACL validation report graph into findings (stable order: severity, code, node)."""
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        value = report.value(result, SH.value)
        severity = _SEVERITY.get(report.value(result, SH.resultSeverity), Severity.ERROR)
        result_path = report.value(result, SH.resultPath)
        shape_text = str(shape) if isinstance(shape, rdflib.URIRef) else ""
        location = Location(path=path, node=_node_text(focus), property=_path_text(report, result_path))
        params: dict[str, object] = {"component": component.rsplit("#", 1)[-1], "shape": shape_text or None}
        if value is not None:
            params["value"] = str(value)
        if shape_text.startswith(OWN_NAMESPACE) and shape_text[len(OWN_NAMESPACE) :] in OWN_SHAPES:
            code = own_code(shape_text[len(OWN_NAMESPACE) :])
        else:
            code = (
                component_code(component)
                if component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent") in _COMPONENTS
                else "shacl-constraint"
            )
            params["message"] = _pick_message(list(report.objects(result, SH.resultMessage)), language) or (
                f"{params['component']} at {location.property or location.node}"
            )
        finding = Finding(code=code, severity=severity, location=location, params=params)
        for defect in KNOWN_DEFECTS:
            if defect.matches(component, str(result_path) if result_path is not None else None, str(focus), value, shape_text):
                finding.params["upstream_defect"] = defect.id
                finding.params["upstream_defect_reason"] = defect.reason
                finding.params["original_severity"] = severity.value
                finding.severity = Severity.INFO
                if "message" in finding.params:
                    finding.params["message"] = f"[{defect.id}, upstream defect] {finding.params['message']}"
                break
        findings.append(finding)
    findings.sort(key=lambda f: (-f.severity.rank, f.code, f.location.node or "", f.location.property or ""))
    return findings


def validate(
    data: rdflib.Graph, shapes: rdflib.Graph | None = None, vocabulary: rdflib.Graph | None = None
) -> tuple[bool, rdflib.Graph]:
    """Run pyshacl (no inference, no imports); ``vocabulary`` joins the DATA graph (vocabulary shapes test
    ``skos:inScheme`` on value nodes)."""
    import pyshacl

    data_graph = data + vocabulary if vocabulary is not None else data
    conforms, report, _text = pyshacl.validate(
        data_graph, shacl_graph=shapes if shapes is not None else own_shapes(), inference="none", allow_warnings=True
    )
    assert isinstance(report, rdflib.Graph)
    return bool(conforms), report


def check_graph(
    graph: rdflib.Graph,
    shapes: rdflib.Graph | None = None,
    *,
    language: str = "de",
    vocabulary: rdflib.Graph | None = None,
    path: str | None = None,
) -> list[Finding]:
    """Validate ``graph`` against ``shapes`` (default: our own shapes) and return the findings."""
    _conforms, report = validate(graph, shapes, vocabulary)
    return results_to_findings(report, language, path)
