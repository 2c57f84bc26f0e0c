"""Generate the cross-language search evaluation set: ``corpus.json`` and ``queries.json`` beside this file.

Deterministic (seeded): ``python tests/procurement/search_eval/generate.py`` rewrites the same files. Each topic is
a govtech subject named in Spanish, Portuguese and English (several ways each); its calls and challenges are written
in one to three of the languages from templates, with generic public-sector sentences shared by every topic as
noise. Each topic gets one query per language, relevant to every text of the topic, whatever its language.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# slug, sector/technology slugs, {language: ways of naming it}
TOPICS: list[tuple[str, list[str], dict[str, list[str]]]] = [
    (
        "cybersecurity",
        ["cybersecurity"],
        {
            "en": ["cybersecurity", "cyber security"],
            "es": ["ciberseguridad", "seguridad informática"],
            "pt": ["cibersegurança", "segurança cibernética"],
        },
    ),
    (
        "e-signature",
        ["e-signature"],
        {
            "en": ["e-signatures", "electronic signature"],
            "es": ["firma electrónica", "firma digital"],
            "pt": ["assinatura eletrônica", "assinatura digital"],
        },
    ),
    (
        "digital-identity",
        ["digital-identity"],
        {"en": ["digital identity", "digital ID"], "es": ["identidad digital"], "pt": ["identidade digital"]},
    ),
    (
        "flood-warning",
        [],
        {
            "en": ["flood early warning", "flood alerts"],
            "es": ["alerta temprana de inundaciones", "alertas de inundación"],
            "pt": ["alerta de enchentes", "alerta de alagamentos"],
        },
    ),
    (
        "waste-collection",
        ["urban-services"],
        {
            "en": ["waste collection", "garbage collection"],
            "es": ["recolección de residuos", "recogida de basuras"],
            "pt": ["coleta de lixo", "coleta de resíduos"],
        },
    ),
    (
        "street-lighting",
        ["urban-services"],
        {"en": ["street lighting", "smart streetlights"], "es": ["alumbrado público"], "pt": ["iluminação pública"]},
    ),
    (
        "traffic-lights",
        ["mobility"],
        {
            "en": ["traffic signals", "traffic lights"],
            "es": ["semáforos inteligentes", "semaforización"],
            "pt": ["semáforos inteligentes", "sinalização semafórica"],
        },
    ),
    (
        "telemedicine",
        ["health"],
        {
            "en": ["telemedicine", "telehealth"],
            "es": ["telemedicina", "teleconsulta"],
            "pt": ["telemedicina", "telessaúde"],
        },
    ),
    (
        "health-records",
        ["health"],
        {
            "en": ["electronic health records", "patient records"],
            "es": ["historia clínica electrónica"],
            "pt": ["prontuário eletrônico"],
        },
    ),
    (
        "e-procurement",
        ["public-management"],
        {
            "en": ["e-procurement", "electronic public procurement"],
            "es": ["compras públicas electrónicas", "contratación electrónica"],
            "pt": ["compras públicas eletrônicas", "licitação eletrônica"],
        },
    ),
    (
        "e-invoicing",
        ["tax"],
        {
            "en": ["electronic invoicing", "e-invoices"],
            "es": ["facturación electrónica", "factura electrónica"],
            "pt": ["nota fiscal eletrônica", "faturamento eletrônico"],
        },
    ),
    (
        "cadastre",
        [],
        {
            "en": ["land registry", "cadastre"],
            "es": ["catastro", "registro de la propiedad"],
            "pt": ["cadastro imobiliário", "registro de imóveis"],
        },
    ),
    (
        "fare-collection",
        ["mobility"],
        {
            "en": ["fare collection", "public transport ticketing"],
            "es": ["recaudo del transporte público", "boletería electrónica"],
            "pt": ["bilhetagem eletrônica", "cobrança de tarifas"],
        },
    ),
    (
        "parking",
        ["mobility"],
        {
            "en": ["smart parking", "parking management"],
            "es": ["estacionamiento inteligente", "gestión de parqueaderos"],
            "pt": ["estacionamento inteligente", "gestão de estacionamento"],
        },
    ),
    (
        "water-leaks",
        ["urban-services"],
        {
            "en": ["water leak detection", "leaks in the water network"],
            "es": ["detección de fugas de agua", "fugas en la red de agua"],
            "pt": ["detecção de vazamentos de água", "vazamentos na rede de água"],
        },
    ),
    (
        "air-quality",
        ["environment"],
        {
            "en": ["air quality monitoring", "air pollution"],
            "es": ["monitoreo de la calidad del aire", "contaminación del aire"],
            "pt": ["monitoramento da qualidade do ar", "poluição do ar"],
        },
    ),
    (
        "participation",
        ["participation"],
        {
            "en": ["citizen participation", "participatory budgeting"],
            "es": ["participación ciudadana", "presupuesto participativo"],
            "pt": ["participação cidadã", "orçamento participativo"],
        },
    ),
    (
        "complaints",
        [],
        {
            "en": ["citizen complaints", "complaint handling"],
            "es": ["quejas y reclamos", "peticiones quejas y reclamos"],
            "pt": ["reclamações dos cidadãos", "ouvidoria"],
        },
    ),
    (
        "document-management",
        [],
        {
            "en": ["document management", "records management"],
            "es": ["gestión documental", "archivo digital"],
            "pt": ["gestão documental", "gestão de documentos"],
        },
    ),
    (
        "interoperability",
        [],
        {
            "en": ["interoperability", "data exchange between agencies"],
            "es": ["interoperabilidad", "intercambio de datos entre entidades"],
            "pt": ["interoperabilidade", "troca de dados entre órgãos"],
        },
    ),
    (
        "cloud",
        ["cloud"],
        {
            "en": ["cloud hosting", "cloud computing"],
            "es": ["computación en la nube", "alojamiento en la nube"],
            "pt": ["computação em nuvem", "hospedagem em nuvem"],
        },
    ),
    (
        "gis",
        ["gis"],
        {
            "en": ["geographic information system", "digital mapping"],
            "es": ["sistema de información geográfica", "cartografía digital"],
            "pt": ["sistema de informação geográfica", "cartografia digital"],
        },
    ),
    (
        "drones",
        [],
        {
            "en": ["drones", "unmanned aerial vehicles"],
            "es": ["drones", "vehículos aéreos no tripulados"],
            "pt": ["drones", "veículos aéreos não tripulados"],
        },
    ),
    (
        "video-surveillance",
        ["justice"],
        {
            "en": ["video surveillance", "CCTV cameras"],
            "es": ["videovigilancia", "cámaras de seguridad"],
            "pt": ["videomonitoramento", "câmeras de segurança"],
        },
    ),
    (
        "biometrics",
        ["biometrics"],
        {
            "en": ["biometric identification", "facial recognition"],
            "es": ["identificación biométrica", "reconocimiento facial"],
            "pt": ["identificação biométrica", "reconhecimento facial"],
        },
    ),
    (
        "digital-payments",
        ["digital-payments"],
        {
            "en": ["digital payments", "online payments"],
            "es": ["pagos digitales", "pagos en línea"],
            "pt": ["pagamentos digitais", "pagamentos online"],
        },
    ),
    (
        "school-enrolment",
        ["education"],
        {
            "en": ["school enrolment", "school registration"],
            "es": ["matrícula escolar", "inscripción escolar"],
            "pt": ["matrícula escolar", "inscrição escolar"],
        },
    ),
    (
        "e-learning",
        ["education"],
        {
            "en": ["online learning", "e-learning platform"],
            "es": ["educación virtual", "aprendizaje en línea"],
            "pt": ["ensino a distância", "educação a distância"],
        },
    ),
    (
        "libraries",
        ["education"],
        {
            "en": ["public libraries", "library management"],
            "es": ["bibliotecas públicas", "gestión de bibliotecas"],
            "pt": ["bibliotecas públicas", "gestão de bibliotecas"],
        },
    ),
    (
        "court-cases",
        ["justice"],
        {
            "en": ["court case management", "judicial case files"],
            "es": ["expediente judicial electrónico", "gestión de procesos judiciales"],
            "pt": ["processo judicial eletrônico", "gestão de processos judiciais"],
        },
    ),
    (
        "emergency-dispatch",
        ["justice"],
        {
            "en": ["emergency dispatch", "emergency calls"],
            "es": ["despacho de emergencias", "línea de emergencias"],
            "pt": ["atendimento de emergências", "despacho de emergência"],
        },
    ),
    (
        "wildfires",
        ["environment"],
        {
            "en": ["wildfire detection", "forest fires"],
            "es": ["detección de incendios forestales", "incendios forestales"],
            "pt": ["detecção de incêndios florestais", "queimadas"],
        },
    ),
    (
        "agriculture",
        [],
        {
            "en": ["precision agriculture", "smallholder farmers"],
            "es": ["agricultura de precisión", "pequeños productores agrícolas"],
            "pt": ["agricultura de precisão", "agricultura familiar"],
        },
    ),
    (
        "tourism",
        [],
        {
            "en": ["tourism promotion", "visitor information"],
            "es": ["promoción turística", "información al turista"],
            "pt": ["promoção turística", "informação ao turista"],
        },
    ),
    (
        "social-benefits",
        ["social-services"],
        {
            "en": ["social benefits", "cash transfers"],
            "es": ["subsidios sociales", "transferencias monetarias"],
            "pt": ["benefícios sociais", "transferência de renda"],
        },
    ),
    (
        "pensions",
        ["social-services"],
        {
            "en": ["pension payments", "retirement pensions"],
            "es": ["pensiones", "jubilaciones"],
            "pt": ["aposentadorias", "previdência social"],
        },
    ),
    (
        "employment",
        ["social-services"],
        {
            "en": ["job matching", "employment services"],
            "es": ["intermediación laboral", "bolsa de empleo"],
            "pt": ["intermediação de mão de obra", "vagas de emprego"],
        },
    ),
    (
        "housing",
        [],
        {
            "en": ["social housing", "affordable housing"],
            "es": ["vivienda social", "vivienda de interés social"],
            "pt": ["habitação social", "moradia popular"],
        },
    ),
    (
        "energy-efficiency",
        ["environment"],
        {
            "en": ["energy efficiency", "energy savings in public buildings"],
            "es": ["eficiencia energética", "ahorro de energía en edificios públicos"],
            "pt": ["eficiência energética", "economia de energia em prédios públicos"],
        },
    ),
    (
        "solar",
        ["environment"],
        {
            "en": ["solar panels", "photovoltaic energy"],
            "es": ["paneles solares", "energía fotovoltaica"],
            "pt": ["painéis solares", "energia fotovoltaica"],
        },
    ),
    (
        "ev-charging",
        ["mobility"],
        {
            "en": ["electric vehicle charging", "charging stations"],
            "es": ["carga de vehículos eléctricos", "estaciones de carga"],
            "pt": ["recarga de veículos elétricos", "eletropostos"],
        },
    ),
    (
        "bike-sharing",
        ["mobility"],
        {
            "en": ["bike sharing", "public bicycles"],
            "es": ["bicicletas públicas", "bicicletas compartidas"],
            "pt": ["bicicletas compartilhadas", "bicicletas públicas"],
        },
    ),
    (
        "noise",
        ["environment"],
        {
            "en": ["noise pollution", "noise monitoring"],
            "es": ["contaminación acústica", "ruido urbano"],
            "pt": ["poluição sonora", "ruído urbano"],
        },
    ),
    (
        "accessibility",
        [],
        {
            "en": ["web accessibility", "people with disabilities"],
            "es": ["accesibilidad web", "personas con discapacidad"],
            "pt": ["acessibilidade digital", "pessoas com deficiência"],
        },
    ),
    (
        "chatbots",
        ["chatbots"],
        {
            "en": ["chatbot", "virtual assistant"],
            "es": ["asistente virtual", "chatbot"],
            "pt": ["assistente virtual", "chatbot"],
        },
    ),
    (
        "open-data",
        [],
        {
            "en": ["open data", "open government data"],
            "es": ["datos abiertos", "datos públicos abiertos"],
            "pt": ["dados abertos", "dados governamentais abertos"],
        },
    ),
    (
        "ai",
        ["ai"],
        {
            "en": ["artificial intelligence", "machine learning"],
            "es": ["inteligencia artificial", "aprendizaje automático"],
            "pt": ["inteligência artificial", "aprendizado de máquina"],
        },
    ),
    (
        "tax-collection",
        ["tax"],
        {
            "en": ["tax collection", "tax evasion"],
            "es": ["recaudo de impuestos", "evasión tributaria"],
            "pt": ["arrecadação de impostos", "sonegação fiscal"],
        },
    ),
    (
        "building-permits",
        [],
        {
            "en": ["building permits", "construction permits"],
            "es": ["licencias de construcción", "permisos de obra"],
            "pt": ["alvarás de construção", "licenciamento de obras"],
        },
    ),
    (
        "vaccination",
        ["health"],
        {
            "en": ["vaccination campaigns", "immunization records"],
            "es": ["campañas de vacunación", "esquema de vacunación"],
            "pt": ["campanhas de vacinação", "carteira de vacinação"],
        },
    ),
    (
        "appointments",
        ["health"],
        {
            "en": ["medical appointments", "hospital waiting lists"],
            "es": ["citas médicas", "listas de espera hospitalarias"],
            "pt": ["agendamento de consultas", "filas de espera hospitalares"],
        },
    ),
    (
        "school-meals",
        ["education"],
        {
            "en": ["school meals", "school feeding programme"],
            "es": ["alimentación escolar", "comedores escolares"],
            "pt": ["merenda escolar", "alimentação escolar"],
        },
    ),
    (
        "roads",
        ["urban-services"],
        {
            "en": ["road maintenance", "potholes"],
            "es": ["mantenimiento vial", "huecos en las vías"],
            "pt": ["manutenção de vias", "buracos nas ruas"],
        },
    ),
    (
        "fraud",
        ["public-management"],
        {
            "en": ["fraud detection", "corruption risks"],
            "es": ["detección de fraude", "riesgos de corrupción"],
            "pt": ["detecção de fraudes", "riscos de corrupção"],
        },
    ),
    (
        "recycling",
        ["environment"],
        {
            "en": ["recycling", "waste sorting"],
            "es": ["reciclaje", "separación en la fuente"],
            "pt": ["reciclagem", "coleta seletiva"],
        },
    ),
    (
        "water-quality",
        ["health"],
        {
            "en": ["drinking water quality", "water treatment"],
            "es": ["calidad del agua potable", "tratamiento de agua"],
            "pt": ["qualidade da água potável", "tratamento de água"],
        },
    ),
    (
        "gender-violence",
        ["justice"],
        {
            "en": ["gender-based violence", "domestic violence"],
            "es": ["violencia de género", "violencia intrafamiliar"],
            "pt": ["violência de gênero", "violência doméstica"],
        },
    ),
    (
        "migrants",
        ["social-services"],
        {
            "en": ["migrant services", "refugees"],
            "es": ["atención a migrantes", "población migrante"],
            "pt": ["atendimento a migrantes", "refugiados"],
        },
    ),
    (
        "elderly-care",
        ["social-services"],
        {
            "en": ["elderly care", "older people"],
            "es": ["cuidado de adultos mayores", "personas mayores"],
            "pt": ["cuidado de idosos", "pessoas idosas"],
        },
    ),
    (
        "translation",
        [],
        {
            "en": ["translation services", "interpreting"],
            "es": ["servicios de traducción", "interpretación"],
            "pt": ["serviços de tradução", "interpretação"],
        },
    ),
    (
        "census",
        [],
        {
            "en": ["household survey", "population census"],
            "es": ["encuesta de hogares", "censo de población"],
            "pt": ["pesquisa domiciliar", "censo demográfico"],
        },
    ),
    (
        "blockchain",
        ["blockchain"],
        {
            "en": ["blockchain traceability"],
            "es": ["trazabilidad con blockchain"],
            "pt": ["rastreabilidade com blockchain"],
        },
    ),
    (
        "rpa",
        ["rpa"],
        {
            "en": ["process automation", "robotic process automation"],
            "es": ["automatización de procesos"],
            "pt": ["automação de processos"],
        },
    ),
    (
        "mobile-app",
        ["mobile"],
        {
            "en": ["mobile app", "smartphone application"],
            "es": ["aplicación móvil", "aplicación para celulares"],
            "pt": ["aplicativo móvel", "aplicativo para celular"],
        },
    ),
]

PLACES = {
    "es": [
        "Medellín",
        "Bogotá",
        "Cali",
        "Santiago",
        "Valparaíso",
        "Ciudad de México",
        "Guadalajara",
        "Montevideo",
        "Lima",
        "Quito",
    ],
    "pt": ["São Paulo", "Recife", "Curitiba", "Belo Horizonte", "Porto Alegre", "Fortaleza", "Salvador", "Niterói"],
    "en": ["Kingston", "Georgetown", "Belize City", "Port of Spain", "Bridgetown", "Nassau", "the capital district"],
}
AGENCIES = {
    "es": [
        "la Alcaldía",
        "la Secretaría de Gobierno",
        "el Ministerio",
        "la Gobernación",
        "la Agencia Digital",
        "la Secretaría de Salud",
    ],
    "pt": [
        "a Prefeitura",
        "a Secretaria de Governo",
        "o Ministério",
        "o Governo do Estado",
        "a Agência Digital",
        "a Secretaria de Saúde",
    ],
    "en": [
        "the City Council",
        "the Ministry",
        "the Digital Agency",
        "the Regional Government",
        "the Department of Health",
        "the Treasury",
    ],
}
CALL_TITLES = {
    "es": [
        "{Term} para {place}",
        "Solución de {term} en {place}",
        "Piloto de {term}",
        "Compra pública innovadora: {term}",
        "Reto de innovación en {term}",
    ],
    "pt": [
        "{Term} para {place}",
        "Solução de {term} em {place}",
        "Piloto de {term}",
        "Encomenda tecnológica: {term}",
        "Desafio de inovação em {term}",
    ],
    "en": [
        "{Term} for {place}",
        "A {term} solution for {place}",
        "{Term} pilot",
        "Innovation procurement: {term}",
        "Innovation challenge on {term}",
    ],
}
CALL_SUMMARIES = {
    "es": [
        "{Agency} de {place} busca proveedores de {term} que {goal}.",
        "Convocatoria para probar {term} en condiciones reales; se espera que la solución {goal}.",
        "{Agency} contratará un piloto de {term} ({alt}) que {goal}.",
    ],
    "pt": [
        "{Agency} de {place} busca fornecedores de {term} que {goal}.",
        "Chamada para testar {term} em condições reais; espera-se que a solução {goal}.",
        "{Agency} contratará um piloto de {term} ({alt}) que {goal}.",
    ],
    "en": [
        "{Agency} of {place} is looking for {term} suppliers that {goal}.",
        "A call to test {term} in real conditions; the solution is expected to {goal}.",
        "{Agency} will contract a {term} pilot ({alt}) that will {goal}.",
    ],
}
CHALLENGE_TITLES = {
    "es": ["¿Cómo mejorar {term} en {place}?", "Reto: {term}", "{Term}: un problema sin resolver"],
    "pt": ["Como melhorar {term} em {place}?", "Desafio: {term}", "{Term}: um problema sem solução"],
    "en": ["How can {place} improve {term}?", "Challenge: {term}", "{Term}: an unsolved problem"],
}
CHALLENGE_PROBLEMS = {
    "es": [
        "Hoy {term} en {place} depende de procesos manuales y hojas de cálculo; {agency} necesita que una solución {goal}.",
        "Los ciudadanos reportan demoras en {term}. {Agency} quiere entender el problema antes de comprar.",
    ],
    "pt": [
        "Hoje {term} em {place} depende de processos manuais e planilhas; {agency} precisa que uma solução {goal}.",
        "Os cidadãos relatam atrasos em {term}. {Agency} quer entender o problema antes de comprar.",
    ],
    "en": [
        "Today {term} in {place} relies on manual processes and spreadsheets; {agency} needs a solution that will {goal}.",
        "Citizens report delays in {term}. {Agency} wants to understand the problem before buying.",
    ],
}
GOALS = {
    "es": [
        "mejore la atención a la ciudadanía",
        "reduzca los costos de operación",
        "aumente la transparencia",
        "se integre con los sistemas existentes",
        "funcione en zonas rurales",
    ],
    "pt": [
        "melhore o atendimento ao cidadão",
        "reduza os custos de operação",
        "aumente a transparência",
        "se integre aos sistemas existentes",
        "funcione em áreas rurais",
    ],
    "en": [
        "improve service to citizens",
        "reduce operating costs",
        "increase transparency",
        "integrate with existing systems",
        "work in rural areas",
    ],
}
FILLER = {
    "es": [
        "La plataforma debe cumplir la ley de protección de datos personales.",
        "Se valorará la experiencia con entidades públicas y el uso de estándares abiertos.",
        "El piloto dura seis meses y se medirán indicadores de uso.",
        "Pueden participar startups, pymes y consorcios.",
        "Los datos deben alojarse en el país.",
    ],
    "pt": [
        "A plataforma deve cumprir a lei geral de proteção de dados.",
        "Será valorizada a experiência com órgãos públicos e o uso de padrões abertos.",
        "O piloto dura seis meses e serão medidos indicadores de uso.",
        "Podem participar startups, pequenas empresas e consórcios.",
        "Os dados devem ser hospedados no país.",
    ],
    "en": [
        "The platform must comply with the personal data protection law.",
        "Experience with public bodies and the use of open standards will be valued.",
        "The pilot lasts six months and usage indicators will be measured.",
        "Startups, small businesses and consortia may take part.",
        "Data must be hosted in the country.",
    ],
}
LANGUAGES = ("es", "pt", "en")


def _fill(template: str, **values: str) -> str:
    caps = {k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in values.items() if v}
    return template.format(**values, **caps)


def build(seed: int = 23) -> tuple[dict[str, object], dict[str, object]]:
    rng = random.Random(seed)
    documents: list[dict[str, object]] = []
    queries: list[dict[str, object]] = []
    for t_ix, (slug, tags, names) in enumerate(TOPICS):
        spread = rng.random()
        if spread < 0.4:
            languages = list(LANGUAGES)
        elif spread < 0.75:
            languages = rng.sample(LANGUAGES, 2)
        else:
            languages = [rng.choice(LANGUAGES)]
        count = rng.randint(4, 6)
        ids: list[str] = []
        for n in range(count):
            lang = languages[n % len(languages)]
            kind = "call" if rng.random() < 0.7 else "challenge"
            term, alt = rng.choice(names[lang]), rng.choice(names[lang])
            values = {
                "term": term,
                "alt": alt,
                "place": rng.choice(PLACES[lang]),
                "agency": rng.choice(AGENCIES[lang]),
                "goal": rng.choice(GOALS[lang]),
            }
            titles = CALL_TITLES if kind == "call" else CHALLENGE_TITLES
            bodies = CALL_SUMMARIES if kind == "call" else CHALLENGE_PROBLEMS
            doc_id = f"{kind}-{slug}-{n}"
            documents.append(
                {
                    "id": doc_id,
                    "kind": kind,
                    "language": lang,
                    "topic": slug,
                    "title": _fill(rng.choice(titles[lang]), **values),
                    "text": _fill(rng.choice(bodies[lang]), **values),
                    "details": " ".join(rng.sample(FILLER[lang], 2)),
                    "tags": tags if rng.random() < 0.5 else [],
                }
            )
            ids.append(doc_id)
        for lang in LANGUAGES:
            q = rng.choice(names[lang])
            if rng.random() < 0.2:  # people often type without accents
                q = q.translate(str.maketrans("áéíóúãõçâêô", "aeiouaocaeo"))
            queries.append({"id": f"q{t_ix}-{lang}", "query": q, "language": lang, "relevant": ids})
    corpus = {
        "description": "Cross-language search evaluation corpus (generated by generate.py)",
        "documents": documents,
    }
    return corpus, {"queries": queries}


def main() -> None:
    corpus, queries = build()
    for name, data in (("corpus.json", corpus), ("queries.json", queries)):
        (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
