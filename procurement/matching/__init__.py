"""Matching engine: rank suppliers for a challenge, explainably (issue 6)."""
