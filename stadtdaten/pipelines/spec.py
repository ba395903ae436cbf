"""Pipeline specs: YAML, checked by the shipped JSON Schema, parsed apart from execution.

A spec names datasets (folders with a descriptor), an optional source per dataset (a local file, an
HTTP(S) URL, a CKAN resource, a The Things Network uplink export), the steps to run, transforms, and
where to publish. Without a spec file, ``stadtdaten run PATH`` builds the default spec from the dataset
folders it finds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from stadtdaten.core.dataset import find_datasets
from stadtdaten.core.errors import StadtdatenError
from stadtdaten.core.exitcodes import ExitCode

SPEC_NAMES = ("stadtdaten-pipeline.yaml", "stadtdaten-pipeline.yml", "pipeline.yaml")
ALL_STEPS = ("describe", "validate", "transform", "dcat", "ai-ready", "publish-local", "publish-ckan")
DEFAULT_STEPS = ("describe", "validate", "transform", "dcat", "ai-ready", "publish-local")


class PipelineSpecError(StadtdatenError):
    code = "pipeline-spec-error"
    exit_code = ExitCode.USAGE
    template = "The pipeline spec {path} is invalid at {pointer}: {detail}"
    hint = "Correct the spec; its JSON Schema is stadtdaten/pipelines/pipeline.schema.json."


@dataclass(frozen=True)
class DatasetSpec:
    path: Path
    source: dict[str, Any] | None = None
    steps: tuple[str, ...] = DEFAULT_STEPS
    transform: tuple[dict[str, Any], ...] = ()
    profile: str | None = None

    def fingerprint(self) -> str:
        """Hash of everything in the spec that changes what a stage produces."""
        payload = json.dumps(
            {"source": self.source, "steps": self.steps, "transform": self.transform, "profile": self.profile},
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PipelineSpec:
    datasets: tuple[DatasetSpec, ...]
    name: str = "pipeline"
    output: Path = Path("_build")
    profile: str | None = None
    fail_on: str = "error"
    ckan: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


def pipeline_json_schema() -> dict[str, Any]:
    text = (resources.files("stadtdaten.pipelines") / "pipeline.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def load_spec(path: Path) -> PipelineSpec:
    """Read and check a spec file; every problem is a PipelineSpecError naming the JSON pointer."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PipelineSpecError(exc.strerror or str(exc), path=str(path), pointer="/") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "/"
        raise PipelineSpecError(str(getattr(exc, "problem", exc)), path=str(path), pointer=where) from exc
    return parse_spec(data, path)


def parse_spec(data: Any, path: Path) -> PipelineSpec:
    import jsonschema

    schema = pipeline_json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        pointer = "/" + "/".join(str(p) for p in first.absolute_path)
        raise PipelineSpecError(first.message, path=str(path), pointer=pointer)
    base = path.parent
    default_steps = tuple(data.get("steps", DEFAULT_STEPS))
    datasets = tuple(
        DatasetSpec(
            path=(base / item["path"]).resolve(),
            source=item.get("source"),
            steps=tuple(item.get("steps", default_steps)),
            transform=tuple(item.get("transform", ())),
            profile=item.get("profile", data.get("profile")),
        )
        for item in data["datasets"]
    )
    return PipelineSpec(
        datasets=datasets,
        name=str(data.get("name", path.stem)),
        output=(base / data.get("output", "_build")).resolve(),
        profile=data.get("profile"),
        fail_on=str(data.get("fail_on", "error")),
        ckan=dict(data.get("publish", {}).get("ckan", {})),
        source=path,
    )


def spec_for(target: Path, steps: tuple[str, ...] | None = None) -> PipelineSpec:
    """The spec for ``stadtdaten run TARGET``: a spec file, a folder holding one, or dataset folders."""
    if target.is_file() and target.suffix in (".yaml", ".yml") and not target.name.startswith("datapackage"):
        spec = load_spec(target)
    else:
        folder = target if target.is_dir() else target.parent
        for name in SPEC_NAMES:
            if (folder / name).is_file():
                spec = load_spec(folder / name)
                break
        else:
            found = find_datasets(folder) or [folder]
            spec = PipelineSpec(
                datasets=tuple(DatasetSpec(path=p.resolve()) for p in found),
                name=folder.name,
                output=(folder / "_build").resolve(),
            )
    if steps:
        spec = PipelineSpec(
            datasets=tuple(
                DatasetSpec(path=d.path, source=d.source, steps=steps, transform=d.transform, profile=d.profile)
                for d in spec.datasets
            ),
            name=spec.name,
            output=spec.output,
            profile=spec.profile,
            fail_on=spec.fail_on,
            ckan=spec.ckan,
            source=spec.source,
        )
    return spec
