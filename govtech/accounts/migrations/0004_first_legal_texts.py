"""The first versions of the terms of use and of the privacy notice: plain-language drafts, published so that people
can sign up, and marked ``pending_legal_review`` until the operator's lawyers review them and an admin publishes the
reviewed text as version 2 (people then accept it at their next sign-in). See docs/accounts.md#terms-and-consent."""

from django.db import migrations
from django.utils import timezone

TERMS = {
    "title_es": "Términos de uso",
    "title_pt_br": "Termos de uso",
    "title_en": "Terms of use",
    "body_es": """Este portal reúne a entidades públicas que publican retos y convocatorias con startups y pymes que las encuentran y se postulan. Al crear una cuenta, usted acepta estas reglas.

1. Usted da información verdadera sobre usted y sobre la empresa que registra, y la mantiene al día. El portal verifica las empresas antes de que puedan postularse.

2. Usted actúa en nombre de una empresa solo si está autorizado a hacerlo. Lo que envía (preguntas, postulaciones, documentos) queda a nombre de la empresa y forma parte del registro público de la contratación, según las reglas de cada convocatoria.

3. Usted cuida su contraseña y sus códigos de acceso, y nos avisa si cree que alguien más los usa.

4. No publica contenido ilegal, engañoso ni que infrinja derechos de otras personas, y no intenta perjudicar el funcionamiento del portal.

5. Cada convocatoria tiene sus propias reglas, plazos y criterios, fijados por la entidad pública que la publica; prevalecen sobre estos términos en lo que regulan.

6. El operador del portal puede suspender una cuenta que incumpla estos términos, indicando el motivo.

7. Podemos cambiar estos términos. Cuando lo hagamos, publicaremos una nueva versión y le pediremos aceptarla la próxima vez que inicie sesión; puede consultar las versiones anteriores en esta página.""",
    "body_pt_br": """Este portal reúne órgãos públicos que publicam desafios e chamadas e startups e PMEs que os encontram e se candidatam. Ao criar uma conta, você aceita estas regras.

1. Você fornece informações verdadeiras sobre você e sobre a empresa que registra, e as mantém atualizadas. O portal verifica as empresas antes que possam se candidatar.

2. Você age em nome de uma empresa somente se estiver autorizado a fazê-lo. O que você envia (perguntas, candidaturas, documentos) fica em nome da empresa e faz parte do registro público da contratação, segundo as regras de cada chamada.

3. Você cuida da sua senha e dos seus códigos de acesso, e nos avisa se achar que outra pessoa os usa.

4. Você não publica conteúdo ilegal, enganoso ou que viole direitos de outras pessoas, e não tenta prejudicar o funcionamento do portal.

5. Cada chamada tem suas próprias regras, prazos e critérios, definidos pelo órgão público que a publica; elas prevalecem sobre estes termos naquilo que regulam.

6. O operador do portal pode suspender uma conta que descumpra estes termos, indicando o motivo.

7. Podemos mudar estes termos. Quando o fizermos, publicaremos uma nova versão e pediremos que você a aceite no seu próximo acesso; as versões anteriores podem ser consultadas nesta página.""",
    "body_en": """This portal brings together public bodies that publish challenges and calls and the startups and SMEs that find them and apply. By creating an account, you accept these rules.

1. You give true information about yourself and about the company you register, and keep it up to date. The portal verifies companies before they can apply.

2. You act on behalf of a company only if you are authorised to. What you send (questions, applications, documents) is in the company's name and becomes part of the public procurement record, under each call's rules.

3. You look after your password and access codes, and tell us if you think someone else is using them.

4. You do not publish content that is illegal, misleading or that infringes other people's rights, and you do not try to disrupt the portal.

5. Each call has its own rules, deadlines and criteria, set by the public body that publishes it; they prevail over these terms in what they govern.

6. The portal's operator may suspend an account that breaks these terms, giving the reason.

7. We may change these terms. When we do, we publish a new version and ask you to accept it the next time you sign in; earlier versions can be read on this page.""",
}

PRIVACY = {
    "title_es": "Aviso de privacidad y autorización para el tratamiento de datos personales",
    "title_pt_br": "Aviso de privacidade e consentimento para o tratamento de dados pessoais",
    "title_en": "Privacy notice and consent to the processing of personal data",
    "body_es": """Este aviso explica qué datos personales tratamos, para qué y cuáles son sus derechos. Se aplica de acuerdo con la Ley 1581 de 2012 de Colombia, la Lei 13.709/2018 (LGPD) de Brasil, la Ley 19.628 de Chile y la Ley Federal de Protección de Datos Personales en Posesión de los Particulares de México.

Responsable: el operador del portal, cuyos datos de contacto figuran en la página "Acerca del portal".

Qué datos: su nombre, su correo electrónico, su idioma, su contraseña (guardada cifrada de forma irreversible), las organizaciones a las que pertenece y su papel en ellas, lo que usted hace en el portal (registro de auditoría) y las notificaciones que le enviamos.

Para qué: crear y proteger su cuenta; permitirle registrar su empresa, seguir oportunidades, preguntar y postularse; enviarle los avisos que usted elija; y llevar el registro público de la contratación que exige la ley. No vendemos sus datos ni los usamos para publicidad.

Quién los ve: las entidades públicas ven los datos de contacto de las empresas y las postulaciones que reciben. Lo que se publica como datos abiertos de contratación no incluye su correo electrónico.

Cuánto tiempo: mientras tenga una cuenta. Si la elimina, borramos sus datos personales; lo que hizo en nombre de una organización permanece en el registro de la contratación, sin su nombre.

Sus derechos: conocer, actualizar, rectificar y descargar sus datos (página "Su cuenta"), revocar esta autorización y pedir que se eliminen. Puede reclamar ante la autoridad de protección de datos de su país (SIC en Colombia, ANPD en Brasil, INAI o la autoridad que la sustituya en México, y la autoridad competente en Chile).

Retirar la autorización: puede hacerlo en cualquier momento desde "Su cuenta". Como el portal no puede mantener una cuenta sin tratar sus datos, retirarla lleva a descargar sus datos y eliminar la cuenta.""",
    "body_pt_br": """Este aviso explica quais dados pessoais tratamos, para quê e quais são os seus direitos. Aplica-se de acordo com a Lei 13.709/2018 (LGPD) do Brasil, a Lei 1581 de 2012 da Colômbia, a Lei 19.628 do Chile e a Lei Federal de Proteção de Dados Pessoais em Posse de Particulares do México.

Controlador: o operador do portal, cujos dados de contato estão na página "Sobre o portal".

Quais dados: seu nome, seu e-mail, seu idioma, sua senha (guardada com criptografia irreversível), as organizações às quais você pertence e o seu papel nelas, o que você faz no portal (registro de auditoria) e as notificações que enviamos a você.

Para quê: criar e proteger a sua conta; permitir que você registre a sua empresa, acompanhe oportunidades, faça perguntas e se candidate; enviar os avisos que você escolher; e manter o registro público da contratação exigido por lei. Não vendemos os seus dados nem os usamos para publicidade.

Quem os vê: os órgãos públicos veem os dados de contato das empresas e as candidaturas que recebem. O que é publicado como dados abertos de contratação não inclui o seu e-mail.

Por quanto tempo: enquanto você tiver uma conta. Se você a excluir, apagamos os seus dados pessoais; o que você fez em nome de uma organização permanece no registro da contratação, sem o seu nome.

Seus direitos: confirmar o tratamento, acessar, corrigir e baixar os seus dados (página "Sua conta"), revogar este consentimento e pedir a eliminação. Você pode reclamar à autoridade de proteção de dados do seu país (ANPD no Brasil, SIC na Colômbia, INAI ou a autoridade que a substitua no México, e a autoridade competente no Chile).

Revogar o consentimento: você pode fazê-lo a qualquer momento em "Sua conta". Como o portal não pode manter uma conta sem tratar os seus dados, a revogação leva a baixar os seus dados e excluir a conta.""",
    "body_en": """This notice explains which personal data we process, why, and what your rights are. It applies under Colombia's Ley 1581 de 2012, Brazil's Lei 13.709/2018 (LGPD), Chile's Ley 19.628 and Mexico's Federal Law on the Protection of Personal Data Held by Private Parties.

Controller: the portal's operator, whose contact details are on the "About the portal" page.

Which data: your name, your e-mail address, your language, your password (stored with irreversible encryption), the organisations you belong to and your role in them, what you do on the portal (the audit trail) and the notifications we send you.

Why: to create and protect your account; to let you register your company, follow opportunities, ask questions and apply; to send you the notices you choose; and to keep the public procurement record the law requires. We do not sell your data or use it for advertising.

Who sees it: public bodies see companies' contact details and the applications they receive. What is published as open contracting data does not include your e-mail address.

How long: while you have an account. If you delete it, we erase your personal data; what you did on behalf of an organisation stays in the procurement record, without your name.

Your rights: to know, update, correct and download your data (the "Your account" page), to withdraw this consent and to ask for its erasure. You can complain to your country's data protection authority (SIC in Colombia, ANPD in Brazil, INAI or the authority that replaces it in Mexico, and the competent authority in Chile).

Withdrawing consent: you can do it at any time from "Your account". As the portal cannot keep an account without processing your data, withdrawing leads to downloading your data and deleting the account.""",
}


def create(apps, schema_editor):
    LegalText = apps.get_model("accounts", "LegalText")
    now = timezone.now()
    for kind, texts in (("terms", TERMS), ("privacy", PRIVACY)):
        LegalText.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={**texts, "pending_legal_review": True, "published_at": now},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_legal_texts")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
