"""``make run`` turns MFA off for the demo and says so."""

from __future__ import annotations

import io
from pathlib import Path

from govtech.devtools.management.commands.runportal import Command, demo_mfa_setting


def _banner(**kwargs: bool) -> str:
    out = io.StringIO()
    command = Command(stdout=out)
    command._banner("127.0.0.1:8000", Path("/tmp/mail"), 1025, **kwargs)
    return out.getvalue()


def test_the_demo_banner_says_that_mfa_is_off():
    assert "Two-factor authentication is OFF for this demo" in _banner(mfa_required=False)
    assert "MFA_REQUIRED_FOR_OFFICIALS=1" in _banner(mfa_required=False)


def test_the_banner_says_when_mfa_is_kept_on():
    assert "Two-factor authentication is REQUIRED" in _banner(mfa_required=True)


def test_runportal_hands_mfa_off_to_its_children_unless_asked():
    assert demo_mfa_setting({}) == "0"
    assert demo_mfa_setting({"MFA_REQUIRED_FOR_OFFICIALS": "1"}) == "1"
