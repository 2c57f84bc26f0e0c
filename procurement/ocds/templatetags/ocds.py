from __future__ import annotations

from django import template

from procurement.ocds.build import ocid_for

register = template.Library()


@register.simple_tag
def ocds_ocid(call_id: int) -> str:
    """The OCID of a call's contracting process."""
    return ocid_for(call_id)
