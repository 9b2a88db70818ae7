"""The focal points' forms for voluntary reviews: shape only; reviews.services checks
meaning and its ValidationError lands beside the fields (pledges.forms.ServiceForm)."""

from __future__ import annotations

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from pledges.forms import ServiceForm

from .models import DeclarationCommitment, ObjectiveAssessment, VoluntaryReview


def _digest(*content: str) -> str:
    """A short digest of what a form edits: it changes exactly when the content does."""
    return hashlib.sha256("\x1f".join(content).encode()).hexdigest()[:20]


class AssessmentForm(ServiceForm):
    level = forms.ChoiceField(
        label=_("How far has your State got?"),
        choices=ObjectiveAssessment.Level.choices,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label=_("What has been done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Laws, policies, programmes and results since the last review."),
    )
    challenges = forms.CharField(
        label=_("Challenges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What stands in the way, and what support would help."),
    )
    pledges = forms.MultipleChoiceField(
        label=_("Pledges of your State that contribute"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # What the assessment said when the form was opened (`content_version`): a save made
    # after a colleague changed it is a conflict, shown before anything is written.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    COMPARED = ("level", "narrative", "challenges", "pledges")

    def __init__(self, *args, pledge_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("pledges").choices = [
            (p.code, f"{p.code} — {p.title}") for p in pledge_choices
        ]

    @staticmethod
    def initial_from(assessment: ObjectiveAssessment | None) -> dict:
        if assessment is None:
            return {"version": AssessmentForm.content_version(None)}
        values = {
            "level": assessment.level,
            "narrative": assessment.narrative,
            "challenges": assessment.challenges,
            "pledges": [p.code for p in assessment.pledges.all()],
        }
        return {**values, "version": AssessmentForm.content_version(assessment)}

    @staticmethod
    def content_version(assessment: ObjectiveAssessment | None) -> str:
        """A digest of what the assessment says (assessments carry no timestamp of their
        own): it changes exactly when someone changes the assessment."""
        if assessment is None:
            return "none"
        return _digest(
            assessment.level,
            assessment.narrative,
            assessment.challenges,
            *sorted(p.code for p in assessment.pledges.all()),
        )

    def service_values(self) -> dict:
        """cleaned_data as `assessment_upsert`'s keyword arguments (not the version)."""
        return {name: self.cleaned_data[name] for name in self.COMPARED}


class PlanForm(ServiceForm):
    plan = forms.ChoiceField(
        label=_("Has your State a national implementation plan?"),
        choices=VoluntaryReview.Plan.choices,
        widget=forms.RadioSelect,
    )
    plan_url = forms.CharField(
        label=_("Link to the plan"),
        required=False,
        max_length=200,
        widget=forms.URLInput,
        help_text=_("Optional: where the plan is published (https://…)."),
    )
    # What the plan said when the page was opened: a save made after a colleague
    # changed it is a conflict page, as for the assessments (only the plan counts: an
    # assessment saved meanwhile is no conflict with the plan).
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    COMPARED = ("plan", "plan_url")

    @staticmethod
    def initial_from(review: VoluntaryReview) -> dict:
        return {
            "plan": review.plan,
            "plan_url": review.plan_url,
            "version": PlanForm.content_version(review),
        }

    @staticmethod
    def content_version(review: VoluntaryReview) -> str:
        return _digest(review.plan, review.plan_url)

    def service_values(self) -> dict:
        """cleaned_data as `review_update`'s keyword arguments (not the version)."""
        return {name: self.cleaned_data[name] for name in self.COMPARED}


class PledgeCommitmentsForm(forms.Form):
    """The Progress Declaration commitments a pledge cites (reviews.services checks who
    may set them)."""

    commitments = forms.ModelMultipleChoiceField(
        label=_("Progress Declaration commitments this pledge helps to carry out"),
        queryset=DeclarationCommitment.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["commitments"]
        field.label_from_instance = lambda c: f"{c.number}. {c.text}"  # type: ignore[attr-defined]
