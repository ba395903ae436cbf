"""Core types shared by every component: the dataset, the report, finding types, errors, i18n, config."""

from stadtdaten.core.dataset import Dataset, Resource, load_dataset
from stadtdaten.core.exitcodes import ExitCode
from stadtdaten.core.findings import Category, FindingType, Severity, register
from stadtdaten.core.report import DatasetResult, Finding, Location, Report, Waiver

__all__ = [
    "Category",
    "Dataset",
    "DatasetResult",
    "ExitCode",
    "Finding",
    "FindingType",
    "Location",
    "Report",
    "Resource",
    "Severity",
    "Waiver",
    "load_dataset",
    "register",
]
