from __future__ import annotations

import pytest

from procurement.applications.models import Application
from tests.procurement.factories_applications import make_application, open_applications, pass_deadline, published_call

pytestmark = pytest.mark.django_db


def test_sealed_until_opened(public_body, supplier_org, supplier_owner, officer, admin, outsider):
    call = published_call(public_body)
    app = make_application(call, supplier_org, by=supplier_owner)
    assert list(Application.objects.visible_to(supplier_owner)) == [app]
    assert not Application.objects.visible_to(officer).exists()
    assert not Application.objects.visible_to(admin).exists()
    assert not Application.objects.visible_to(outsider).exists()
    assert Application.objects.count_submitted(call) == 1
    pass_deadline(call)
    open_applications(call, officer)
    assert list(Application.objects.visible_to(officer)) == [app]
    assert not Application.objects.visible_to(outsider).exists()
