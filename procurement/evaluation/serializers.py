"""API shapes of the evaluation (explicit fields; outputs are built from the selectors' dataclasses)."""

from __future__ import annotations

from rest_framework import serializers

S = serializers


class ProgressOutput(S.Serializer):
    applications = S.IntegerField()
    declared = S.IntegerField()
    recused = S.IntegerField()
    declarations_missing = S.IntegerField()
    scores_expected = S.IntegerField()
    scores_done = S.IntegerField()
    scores_missing = S.IntegerField()
    complete = S.BooleanField()
    submitted = S.BooleanField()


class AssignmentOutput(S.Serializer):
    call = S.IntegerField(help_text="The call's id (also this evaluation's id).")
    title = S.CharField()
    body = S.CharField(help_text="The public body's name.")
    call_status = S.CharField()
    opened = S.BooleanField(help_text="Whether the applications were opened; nothing is listed before.")
    scale_max = S.IntegerField()
    disagreement_threshold = S.DecimalField(max_digits=5, decimal_places=2)
    blind_first_round = S.BooleanField()
    names_hidden = S.BooleanField()
    submitted_at = S.DateTimeField(allow_null=True)
    progress = ProgressOutput()


class DeclarationOutput(S.Serializer):
    application = S.IntegerField()
    conflict = S.BooleanField()
    statement = S.CharField(allow_blank=True)
    signed_at = S.DateTimeField()


class ApplicantOutput(S.Serializer):
    """An applicant as the declaration needs it: names only, never content."""

    application = S.IntegerField()
    name = S.CharField()
    partners = S.ListField(child=S.CharField())
    declaration = DeclarationOutput(allow_null=True)


class ScoreOutput(S.Serializer):
    application = S.IntegerField(source="application_id")
    criterion = S.CharField()
    score = S.DecimalField(max_digits=5, decimal_places=2)
    justification = S.CharField()
    scored_at = S.DateTimeField()


class ToScoreOutput(S.Serializer):
    application = S.IntegerField()
    label = S.CharField()  # type: ignore[assignment]
    name = S.CharField(allow_null=True, help_text="Null in a blind round until the names are revealed.")
    scores = ScoreOutput(many=True)


class EvaluationDetailOutput(AssignmentOutput):
    criteria = S.ListField(child=S.DictField())
    applicants = ApplicantOutput(many=True)
    to_score = ToScoreOutput(many=True)


class DeclarationInput(S.Serializer):
    application = S.IntegerField(min_value=1, max_value=2**62)
    conflict = S.BooleanField(help_text="true: I have a conflict of interest and recuse myself.")
    statement = S.CharField(max_length=5000, required=False, default="", allow_blank=True)


class ScoreInput(S.Serializer):
    application = S.IntegerField(min_value=1, max_value=2**62)
    criterion = S.CharField(max_length=200)
    score = S.DecimalField(max_digits=5, decimal_places=2, min_value=0)
    justification = S.CharField(max_length=5000)


class EvaluatedFileOutput(S.Serializer):
    id = S.IntegerField()
    name = S.CharField()
    content_type = S.CharField()
    size = S.IntegerField()
    sha256 = S.CharField()


class EvaluatedApplicationOutput(S.Serializer):
    """What the evaluator reads: the content, with the name hidden in a blind round."""

    id = S.IntegerField()
    label = S.CharField()  # type: ignore[assignment]
    name = S.CharField(allow_null=True)
    partners = S.ListField(child=S.CharField())
    title = S.CharField(allow_blank=True)
    solution = S.CharField(allow_blank=True)
    criteria_responses = S.DictField()
    team = S.CharField(allow_blank=True)
    plan = S.CharField(allow_blank=True)
    milestones = S.ListField(child=S.DictField())
    price = S.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = S.CharField(allow_blank=True)
    phase_prices = S.ListField(child=S.DictField())
    files = EvaluatedFileOutput(many=True)
    scores = ScoreOutput(many=True)


class RankRowOutput(S.Serializer):
    rank = S.IntegerField()
    application = S.IntegerField()
    name = S.CharField()
    partners = S.ListField(child=S.CharField())
    total = S.DecimalField(max_digits=7, decimal_places=2, help_text="Weighted, out of 100.")
    per_criterion = S.DictField(child=S.DecimalField(max_digits=7, decimal_places=2))
    spread = S.DictField(child=S.DecimalField(max_digits=7, decimal_places=2))
    flagged = S.ListField(child=S.CharField())
    complete = S.BooleanField()


class MemberOutput(S.Serializer):
    id = S.IntegerField()
    user = S.IntegerField()
    name = S.CharField()
    status = S.CharField()
    named_at = S.DateTimeField()
    submitted_at = S.DateTimeField(allow_null=True)
    progress = ProgressOutput(allow_null=True)


class PanelOutput(S.Serializer):
    call = S.IntegerField()
    scale_max = S.IntegerField()
    disagreement_threshold = S.DecimalField(max_digits=5, decimal_places=2)
    blind_first_round = S.BooleanField()
    names_revealed_at = S.DateTimeField(allow_null=True)
    opened = S.BooleanField()
    complete = S.BooleanField()
    members = MemberOutput(many=True)


class RankingOutput(S.Serializer):
    call = S.IntegerField()
    complete = S.BooleanField()
    criteria = S.ListField(child=S.CharField())
    rows = RankRowOutput(many=True)
    panel = PanelOutput()


class PanelInput(S.Serializer):
    scale_max = S.IntegerField(min_value=1, max_value=100)
    disagreement_threshold = S.DecimalField(max_digits=5, decimal_places=2, min_value=0)
    blind_first_round = S.BooleanField()


class MemberInput(S.Serializer):
    user = S.IntegerField(min_value=1, max_value=2**62, help_text="The id of an active evaluator of the body.")


class RequiredReasonInput(S.Serializer):
    reason = S.CharField(max_length=5000)
