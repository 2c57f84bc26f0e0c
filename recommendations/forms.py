"""HTML forms: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Organisation
from recommendations.content import MAX_LENGTHS
from recommendations.models import Assessment, AssessmentItem, LineOfAction, PracticeLink
from recommendations.services.assessments import MAX_EVIDENCE_LINKS, RatingInput

_url = URLValidator(schemes=["http", "https"])


class GovukForm(forms.Form):
    """Adds the GOV.UK Frontend classes to widgets, and ``aria-describedby`` for hints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "govuk-radios__input"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            else:
                css = "govuk-input"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"


class RecommendationTextForm(GovukForm):
    """One language's texts of a recommendation, plus the language-independent tags and sources."""

    title = forms.CharField(label=_("Title"), max_length=MAX_LENGTHS["title"], required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=MAX_LENGTHS["summary"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One to three sentences."),
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=MAX_LENGTHS["body"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: paragraphs, lists, links. Scripts and HTML event handlers are removed."),
    )
    actors = forms.CharField(label=_("Who acts"), max_length=MAX_LENGTHS["actors"], required=False)
    evidence = forms.CharField(label=_("Evidence that it is done"), max_length=MAX_LENGTHS["evidence"], required=False)
    indicators = forms.CharField(label=_("Indicators"), max_length=MAX_LENGTHS["indicators"], required=False)
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: title | web address (the address is optional)."),
    )
    note = forms.CharField(label=_("What changed and why"), max_length=255, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]

    def clean_sources(self) -> list[dict[str, str]]:
        sources = []
        for line in self.cleaned_data["sources"].splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.partition("|")
            url = url.strip()
            if url:
                try:
                    _url(url)
                except ValidationError:
                    raise ValidationError(_("Not a valid web address: %(url)s"), params={"url": url[:100]}) from None
            sources.append({"title": title.strip(), "url": url})
        return sources

    @staticmethod
    def initial_from(content: dict[str, Any], language: str, base_version: int | None = None) -> dict[str, Any]:
        initial = {
            field: (content.get(field) or {}).get(language, "")
            for field in ("title", "summary", "body", "actors", "evidence", "indicators")
        }
        initial["tags"] = ", ".join(content.get("tags") or [])
        initial["base_version"] = base_version
        initial["sources"] = "\n".join(
            f"{s['title']} | {s['url']}" if s.get("url") else s["title"] for s in content.get("sources") or []
        )
        return initial

    def merged_content(self, content: dict[str, Any], language: str) -> dict[str, Any]:
        """The full content snapshot with this language's texts replaced."""
        merged = {key: (dict(value) if isinstance(value, dict) else value) for key, value in content.items()}
        for field in ("title", "summary", "body", "actors", "evidence", "indicators"):
            merged.setdefault(field, {})
            merged[field][language] = self.cleaned_data[field]
        merged["tags"] = self.cleaned_data["tags"]
        merged["sources"] = self.cleaned_data["sources"]
        return merged


class RecommendationCreateForm(RecommendationTextForm):
    slug = forms.SlugField(
        label=_("Address (slug)"), max_length=100, help_text=_("Lowercase words and hyphens; it never changes.")
    )
    line = forms.ModelChoiceField(label=_("Line of action"), queryset=LineOfAction.objects.order_by("number"))

    field_order = ["slug", "line"]


class MoveForm(GovukForm):
    number = forms.IntegerField(label=_("New number"), min_value=1)
    line = forms.ModelChoiceField(label=_("Line of action"), queryset=LineOfAction.objects.order_by("number"))


class AssessmentForm(GovukForm):
    """One rating, evidence links and note per recommendation, plus the visibility."""

    visibility = forms.ChoiceField(
        label=_("Who can see this assessment"), choices=Assessment.Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.recommendation.pk
            item = row.item
            self.fields[f"rating_{pk}"] = forms.ChoiceField(
                label=_("Adoption"),
                choices=AssessmentItem.Rating.choices,
                initial=item.rating if item else AssessmentItem.Rating.NOT_STARTED,
            )
            self.fields[f"evidence_{pk}"] = forms.CharField(
                label=_("Evidence links"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="\n".join(item.evidence_links) if item else "",
                help_text=_("Up to 5 web addresses, one per line."),
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.note if item else "",
            )
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.rows:
            key = f"evidence_{row.recommendation.pk}"
            links = [line.strip() for line in (cleaned.get(key) or "").splitlines() if line.strip()]
            if len(links) > MAX_EVIDENCE_LINKS:
                self.add_error(key, _("Give at most 5 evidence links."))
                continue
            for link in links:
                try:
                    _url(link)
                except ValidationError:
                    self.add_error(key, _("Not a valid web address: %(url)s") % {"url": link[:100]})
                    break
            cleaned[key] = links
        return cleaned

    def ratings(self) -> dict[int, RatingInput]:
        return {
            row.recommendation.pk: RatingInput(
                rating=self.cleaned_data[f"rating_{row.recommendation.pk}"],
                evidence_links=self.cleaned_data[f"evidence_{row.recommendation.pk}"],
                note=self.cleaned_data.get(f"note_{row.recommendation.pk}", ""),
            )
            for row in self.rows
        }


class PracticeTargetForm(GovukForm):
    """A curator links a published challenge or call of the portal by its number."""

    kind = forms.ChoiceField(
        label=_("What it is"),
        choices=[(PracticeLink.Kind.CALL, _("Call")), (PracticeLink.Kind.CHALLENGE, _("Challenge"))],
    )
    number = forms.IntegerField(
        label=_("Its number on the portal"),
        min_value=1,
        help_text=_("The number in its address, for example 12 in /opportunities/calls/12/."),
    )


class PracticeLinkForm(GovukForm):
    """An officer links one of the body's challenges, calls or awards to the recommendation."""

    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Public body"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("What it is"), choices=PracticeLink.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    url = forms.URLField(label=_("Web address"), max_length=200, assume_scheme="https")

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bodies
