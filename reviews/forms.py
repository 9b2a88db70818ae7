"""The focal points' forms for voluntary reviews: shape only; reviews.services checks
meaning and its ValidationError lands beside the fields (pledges.forms.ServiceForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pledges.forms import ServiceForm

from .models import ObjectiveAssessment, VoluntaryReview


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

    def __init__(self, *args, pledge_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("pledges").choices = [
            (p.code, f"{p.code} — {p.title}") for p in pledge_choices
        ]

    @staticmethod
    def initial_from(assessment: ObjectiveAssessment | None) -> dict:
        if assessment is None:
            return {}
        return {
            "level": assessment.level,
            "narrative": assessment.narrative,
            "challenges": assessment.challenges,
            "pledges": [p.code for p in assessment.pledges.all()],
        }


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
