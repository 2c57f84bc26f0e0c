"""The registry's models, split by sub-domain."""

from startups.models.compliance import ComplianceDocument, Sanction
from startups.models.exports import ExportJob
from startups.models.imports import ImportJob
from startups.models.reference import CpvCode, Sector, Technology
from startups.models.supplier import PublicReference, Solution, Supplier, size_class_for

__all__ = [
    "ComplianceDocument",
    "CpvCode",
    "ExportJob",
    "ImportJob",
    "PublicReference",
    "Sanction",
    "Sector",
    "Solution",
    "Supplier",
    "Technology",
    "size_class_for",
]
