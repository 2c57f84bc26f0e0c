"""Loading the reference data: CPV 2008 from the shipped CSV, the sector taxonomy and technology tags.

Functions take the model classes so the data migration can pass its historical models.
Everything is idempotent: running a loader twice changes nothing the second time.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CPV_CSV = Path(__file__).resolve().parent / "data" / "cpv_2008.csv"

SECTORS = [
    # slug, en, es, pt
    ("health", "Health", "Salud", "Saúde"),
    ("education", "Education", "Educación", "Educação"),
    ("mobility", "Mobility and transport", "Movilidad y transporte", "Mobilidade e transporte"),
    ("justice", "Justice and security", "Justicia y seguridad", "Justiça e segurança"),
    ("tax", "Tax and public finance", "Impuestos y finanzas públicas", "Tributos e finanças públicas"),
    ("social-services", "Social services", "Servicios sociales", "Serviços sociais"),
    ("environment", "Environment and climate", "Medio ambiente y clima", "Meio ambiente e clima"),
    ("urban-services", "Urban services", "Servicios urbanos", "Serviços urbanos"),
    ("participation", "Citizen participation", "Participación ciudadana", "Participação cidadã"),
    ("digital-identity", "Digital identity", "Identidad digital", "Identidade digital"),
    (
        "public-management",
        "Public management and integrity",
        "Gestión pública e integridad",
        "Gestão pública e integridade",
    ),
]

TECHNOLOGIES = [
    ("ai", "Artificial intelligence", "Inteligencia artificial", "Inteligência artificial"),
    ("data-analytics", "Data analytics", "Analítica de datos", "Análise de dados"),
    ("blockchain", "Blockchain", "Blockchain", "Blockchain"),
    ("cloud", "Cloud computing", "Computación en la nube", "Computação em nuvem"),
    ("cybersecurity", "Cybersecurity", "Ciberseguridad", "Cibersegurança"),
    ("iot", "Internet of things", "Internet de las cosas", "Internet das coisas"),
    ("gis", "Geospatial (GIS)", "Geoespacial (SIG)", "Geoespacial (SIG)"),
    ("mobile", "Mobile apps", "Aplicaciones móviles", "Aplicativos móveis"),
    (
        "chatbots",
        "Chatbots and virtual assistants",
        "Chatbots y asistentes virtuales",
        "Chatbots e assistentes virtuais",
    ),
    ("rpa", "Process automation (RPA)", "Automatización de procesos (RPA)", "Automação de processos (RPA)"),
    ("biometrics", "Biometrics", "Biometría", "Biometria"),
    ("digital-payments", "Digital payments", "Pagos digitales", "Pagamentos digitais"),
    ("e-signature", "Electronic signature", "Firma electrónica", "Assinatura eletrônica"),
    ("open-source", "Open source", "Código abierto", "Código aberto"),
]


def load_cpv(cpv_model: Any, path: Path = CPV_CSV) -> int:
    """Insert the CPV codes missing from the table (parents first); return how many were added."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(cpv_model.objects.values_list("code", flat=True))
    rows = [row for row in rows if row["code"] not in existing]
    rows.sort(key=lambda row: len(row["code"].rstrip("0")))  # ancestors before descendants
    objects = [
        cpv_model(
            code=row["code"],
            check_digit=row["code_with_check_digit"].split("-")[1],
            level=row["level"],
            parent_id=row["parent"] or None,
            label_en=row["en"],
            label_es=row["es"],
            label_pt=row["pt"],
        )
        for row in rows
    ]
    cpv_model.objects.bulk_create(objects, batch_size=1000)
    return len(objects)


def seed_taxonomy(sector_model: Any, technology_model: Any) -> None:
    for position, (slug, en, es, pt) in enumerate(SECTORS):
        sector_model.objects.update_or_create(
            slug=slug, defaults={"name_en": en, "name_es": es, "name_pt": pt, "position": position}
        )
    for slug, en, es, pt in TECHNOLOGIES:
        technology_model.objects.update_or_create(slug=slug, defaults={"name_en": en, "name_es": es, "name_pt": pt})
