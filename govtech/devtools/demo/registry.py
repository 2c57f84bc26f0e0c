"""Demo suppliers from Latin America, Spain and Portugal, with valid identifiers. Safe to run again."""

from __future__ import annotations

from typing import IO, Any

from django.utils.text import slugify

from govtech.accounts.models import Membership, Organisation, User
from govtech.devtools.demo.accounts import demo_user
from startups import services
from startups.identifiers import normalise_identifier
from startups.models import Supplier

CIUDAD_DATOS = {
    "legal_name": "Ciudad Datos SAS",
    "country": "CO",
    "identifier": "901.457.832-1",
    "year_founded": 2019,
    "website": "https://ciudaddatos.example",
    "innovative": True,
    "employees": 28,
    "revenue_band": "lt_2m",
    "stage": "growth",
    "regions_served": ["CO", "CO-ANT", "CO-DC", "PE"],
    "languages": ["es", "en"],
    "contact_name": "Sofía Startup",
    "contact_email": "hola@ciudaddatos.example",
    "contact_phone": "+57 604 555 0101",
    "social_links": ["https://www.linkedin.com/company/ciudad-datos"],
    "pitch_es": "Analítica de datos urbanos para que las alcaldías decidan con evidencia.",
    "pitch_en": "Urban data analytics so city halls decide with evidence.",
    "pitch_pt": "Análise de dados urbanos para prefeituras decidirem com evidências.",
    "description_es": "Integramos datos de movilidad, servicios urbanos y atención ciudadana en tableros abiertos. "
    "Trabajamos con secretarías de innovación en Colombia y Perú.",
    "description_en": "We bring mobility, urban-services and citizen-service data together in open dashboards.",
    "sectors": ["mobility", "urban-services", "participation"],
    "technologies": ["data-analytics", "gis", "ai"],
    "cpv_codes": ["72316000", "48600000", "72212000"],
    "solutions": [
        {
            "name": "Tablero Ciudad",
            "description": "Tablero abierto de indicadores urbanos en tiempo real.",
            "trl": 9,
            "pricing_model": "subscription",
            "deployments": 6,
        },
        {
            "name": "Rutas Seguras",
            "description": "Análisis de siniestralidad vial con datos abiertos.",
            "trl": 7,
            "pricing_model": "fixed_price",
            "deployments": 2,
        },
    ],
    "references": [
        {
            "public_body_name": "Secretaría de Innovación de Medellín",
            "country": "CO",
            "year": 2024,
            "value_amount": 380000000,
            "value_currency": "COP",
            "description": "Tablero de movilidad y calidad del aire para la ciudad.",
        },
        {
            "public_body_name": "Municipalidad de Miraflores",
            "country": "PE",
            "year": 2023,
            "value_amount": 95000,
            "value_currency": "PEN",
            "description": "Mapa de servicios urbanos y reportes ciudadanos.",
        },
    ],
}

SUPPLIERS: list[dict[str, Any]] = [
    {
        "legal_name": "Saúde Conectada Tecnologia Ltda",
        "trade_name": "Saúde Conectada",
        "country": "BR",
        "identifier": "45.278.193/0001-85",
        "year_founded": 2020,
        "innovative": True,
        "employees": 45,
        "stage": "growth",
        "regions_served": ["BR", "BR-SP", "BR-MG"],
        "languages": ["pt", "es"],
        "pitch_pt": "Telessaúde e agendamento digital para unidades básicas de saúde.",
        "pitch_es": "Telesalud y agendamiento digital para centros de atención primaria.",
        "description_pt": "Plataforma de saúde digital usada por secretarias municipais de saúde.",
        "sectors": ["health"],
        "technologies": ["cloud", "mobile"],
        "cpv_codes": ["72212000", "85100000"],
        "solutions": [
            {
                "name": "Agenda SUS",
                "trl": 9,
                "pricing_model": "subscription",
                "deployments": 14,
                "description": "Agendamento de consultas por aplicativo e WhatsApp.",
            }
        ],
        "references": [
            {
                "public_body_name": "Prefeitura de Campinas",
                "country": "BR",
                "year": 2023,
                "value_amount": 1200000,
                "value_currency": "BRL",
                "description": "Telessaúde para 60 unidades básicas.",
            }
        ],
    },
    {
        "legal_name": "Educa Andes SpA",
        "country": "CL",
        "identifier": "77.345.128-1",
        "year_founded": 2021,
        "innovative": True,
        "employees": 9,
        "stage": "early",
        "regions_served": ["CL", "CL-RM"],
        "languages": ["es"],
        "pitch_es": "Educación personalizada con inteligencia artificial para liceos públicos.",
        "sectors": ["education"],
        "technologies": ["ai"],
        "cpv_codes": ["80000000", "48190000"],
        "solutions": [
            {
                "name": "Tutor Andes",
                "trl": 6,
                "pricing_model": "per_use",
                "deployments": 3,
                "description": "Tutor adaptativo de matemáticas.",
            }
        ],
        "references": [],
    },
    {
        "legal_name": "Soluciones Abiertas de León SA de CV",
        "trade_name": "Transparencia MX",
        "country": "MX",
        "identifier": "SAL180412K79",
        "year_founded": 2018,
        "innovative": True,
        "employees": 60,
        "stage": "scale",
        "regions_served": ["MX", "MX-JAL", "MX-GUA"],
        "languages": ["es", "en"],
        "pitch_es": "Contratación pública abierta y gestión de integridad para gobiernos estatales.",
        "pitch_en": "Open contracting and integrity management for state governments.",
        "sectors": ["public-management"],
        "technologies": ["open-source", "data-analytics"],
        "cpv_codes": ["72000000", "79400000"],
        "solutions": [
            {
                "name": "Compras Claras",
                "trl": 9,
                "pricing_model": "open_source",
                "deployments": 5,
                "description": "Publicación OCDS y alertas de riesgo.",
            }
        ],
        "references": [
            {
                "public_body_name": "Gobierno de Jalisco",
                "country": "MX",
                "year": 2022,
                "description": "Portal de contrataciones abiertas.",
            }
        ],
    },
    {
        "legal_name": "Pampa Identidad SA",
        "country": "AR",
        "identifier": "30-71654987-5",
        "year_founded": 2016,
        "innovative": True,
        "employees": 110,
        "stage": "scale",
        "regions_served": ["AR", "UY"],
        "languages": ["es", "en"],
        "pitch_es": "Identidad digital y firma electrónica para trámites municipales.",
        "sectors": ["digital-identity"],
        "technologies": ["biometrics", "e-signature"],
        "cpv_codes": ["72212000"],
        "solutions": [
            {
                "name": "MiID",
                "trl": 9,
                "pricing_model": "licence",
                "deployments": 11,
                "description": "Validación biométrica de identidad.",
            }
        ],
        "references": [],
    },
    {
        "legal_name": "Agua Viva Perú SAC",
        "country": "PE",
        "identifier": "20604578125",
        "year_founded": 2022,
        "innovative": True,
        "employees": 7,
        "stage": "early",
        "regions_served": ["PE", "PE-LIM"],
        "languages": ["es"],
        "pitch_es": "Sensores IoT para medir el consumo de agua y detectar fugas.",
        "sectors": ["environment", "urban-services"],
        "technologies": ["iot"],
        "cpv_codes": ["38420000"],
        "solutions": [],
        "references": [],
    },
    {
        "legal_name": "Participa Uruguay SAS",
        "country": "UY",
        "identifier": "217654330015",
        "year_founded": 2017,
        "innovative": False,
        "employees": 14,
        "stage": "growth",
        "regions_served": ["UY"],
        "languages": ["es"],
        "pitch_es": "Presupuestos participativos y consultas ciudadanas en línea.",
        "sectors": ["participation"],
        "technologies": ["mobile"],
        "cpv_codes": ["72400000"],
        "solutions": [],
        "references": [],
    },
    {
        "legal_name": "Justicia Ágil SL",
        "country": "ES",
        "identifier": "B87654323",
        "year_founded": 2015,
        "innovative": True,
        "employees": 35,
        "stage": "growth",
        "regions_served": ["ES", "ES-MD", "CO"],
        "languages": ["es", "en"],
        "pitch_es": "Gestión procesal electrónica para juzgados.",
        "pitch_en": "Electronic case management for courts.",
        "sectors": ["justice"],
        "technologies": ["cloud"],
        "cpv_codes": ["72260000"],
        "solutions": [],
        "references": [],
    },
    {
        "legal_name": "Fisco Digital Lda",
        "country": "PT",
        "identifier": "516347829",
        "year_founded": 2019,
        "innovative": True,
        "employees": 22,
        "stage": "growth",
        "regions_served": ["PT", "BR"],
        "languages": ["pt", "en"],
        "pitch_pt": "Automação da cobrança de impostos municipais.",
        "pitch_en": "Automating municipal tax collection.",
        "sectors": ["tax"],
        "technologies": ["rpa"],
        "cpv_codes": ["72000000"],
        "solutions": [],
        "references": [],
    },
]


# The person who registers each demo supplier and owns it (the stories sign in as some of them to apply).
OWNERS = {
    "Pampa Identidad SA": ("duena.pampa@demo.govtech.example", "Paz Pampa"),
    "Soluciones Abiertas de León SA de CV": ("dueno.leon@demo.govtech.example", "León Abierto"),
}


def _owner(legal_name: str) -> User:
    email, name = OWNERS.get(legal_name) or (
        f"{slugify(legal_name)[:40]}@demo.govtech.example",
        f"{legal_name.split(maxsplit=1)[0]} ({legal_name})",
    )
    return demo_user(email, name, language="es")


def _create(admin: User, data: dict[str, Any], organisation: Organisation | None = None) -> Supplier | None:
    """Registered by its owner (as a startup does on the portal), then verified by the demo admin."""
    scheme, compact = normalise_identifier(data["country"], data["identifier"])
    if Supplier.objects.filter(identifier_scheme=scheme, identifier=compact).exists():
        return None
    data = dict(data)
    owner = (
        organisation.memberships.filter(role=Membership.Role.OWNER).first().user  # type: ignore[union-attr]
        if organisation is not None
        else _owner(data["legal_name"])
    )
    classification = {k: data.pop(k) for k in ("sectors", "technologies", "cpv_codes")}
    solutions, references = data.pop("solutions"), data.pop("references")
    supplier = services.supplier_register(
        actor=owner,
        with_owner=organisation is None,
        organisation=organisation,
        legal_name=data.pop("legal_name"),
        country=data.pop("country"),
        identifier=data.pop("identifier"),
        trade_name=data.pop("trade_name", ""),
        **data,
    )
    services.supplier_set_classification(actor=owner, supplier=supplier, **classification)
    for solution in solutions:
        services.solution_create(actor=owner, supplier=supplier, **solution)
    for reference in references:
        services.reference_create(actor=owner, supplier=supplier, **reference)
    services.supplier_verify(actor=admin, supplier=supplier)
    return supplier


def load(stdout: IO[str]) -> None:
    actor = User.objects.filter(email="admin@demo.govtech.example").first()
    if actor is None:
        stdout.write("startups: no demo admin, skipped")
        return
    created = 0
    org = Organisation.objects.filter(name=CIUDAD_DATOS["legal_name"], kind=Organisation.Kind.SUPPLIER).first()
    if org is not None and not Supplier.objects.filter(organisation=org).exists():
        supplier = _create(actor, CIUDAD_DATOS, organisation=org)
        if supplier is not None:
            created += 1
    for data in SUPPLIERS:
        created += _create(actor, data) is not None
    stdout.write(f"startups: {created} demo suppliers created")
