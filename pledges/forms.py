"""The focal points' forms: shape only (types, choices, required values).

Meaning — description length, who may lead, actions of the chosen objectives, file
types — is checked by pledges.services; its ValidationError is put back on these
forms field by field (`add_service_errors`), so a rule exists once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.etags import version_of
from objectives.models import Action, Objective
from objectives.selectors import action_list, principle_list

from .files import ALLOWED_EXTENSIONS, max_upload_bytes
from .models import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH, Actor, Pledge
from .selectors import actor_list, listed_partner_codes
from .services import MAX_EVIDENCE_FILES


def amount_field(help_text: Any, **attrs: str) -> forms.DecimalField:
    """An optional amount (a Decimal to the cent; the services check it with its
    currency): a pledge's own, a partner's share, the support a pledge seeks."""
    return forms.DecimalField(
        label=_("Amount"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", **attrs}),
    )


def currency_field() -> forms.CharField:
    """The ISO 4217 code beside an `amount_field`."""
    return forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("The ISO 4217 code, e.g. USD, EUR, KES."),
        widget=forms.TextInput(attrs={"class": "input-short", "autocomplete": "off"}),
    )


class ServiceForm(forms.Form):
    """A form whose meaning is checked by a service: its errors land beside the fields."""

    def differences(self, current: dict, names: Iterable[str]) -> list[tuple[str, str, str]]:
        """(label, the value now, the value typed here) for each of `names` where the
        record now (`current`, as the form's initial values) differs from what was typed:
        the conflict page of a save made from a version someone else has changed since."""
        rows = []
        for name in names:
            mine, theirs = self.cleaned_data.get(name), current.get(name)
            if _comparable(mine) != _comparable(theirs):
                rows.append(
                    (
                        str(self.fields[name].label),
                        self._shown(name, theirs),
                        self._shown(name, mine),
                    )
                )
        return rows

    def _shown(self, name: str, value: Any) -> str:
        labels = {str(k): str(v) for k, v in getattr(self.fields[name], "choices", [])}
        values = value if isinstance(value, list | tuple) else [value]
        shown = [labels.get(str(v), str(v)) for v in values if v not in (None, "")]
        return "; ".join(shown) or "—"

    # Service argument → form field, where the form cannot use the service's name.
    field_for_argument: dict[str, str] = {}

    def _choice_field(self, name: str) -> forms.ChoiceField:
        """A choice field, to set its choices from the database when the form is built."""
        return cast(forms.ChoiceField, self.fields[name])

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's {field: [messages]} on the fields of the same name; the rest
        (a rule across fields, a status) at the top of the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for argument, messages in error.message_dict.items():
            field = self.field_for_argument.get(argument, argument)
            self.add_error(field if field in self.fields else None, messages)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each links to its field's first input."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            anchor = bound.id_for_label or bound.auto_id
            if bound.use_fieldset:
                # A group of checkboxes or radios: its first box carries the suffix _0.
                anchor = f"{bound.auto_id}_0"
            links.extend((anchor, f"{bound.label}: {message}") for message in errors)
        return links


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


FILE_NOT_KEPT = _(
    "If the page comes back with an error, choose the file again: browsers do not keep "
    "a chosen file between pages."
)


def _file_types() -> str:
    """ "txt, rtf, … xlsx or ods": the accepted types, as a sentence says them."""
    return _("%(types)s or %(last)s") % {
        "types": ", ".join(ALLOWED_EXTENSIONS[:-1]),
        "last": ALLOWED_EXTENSIONS[-1],
    }


def _upload_limit() -> str:
    """The upload limit (a setting, pledges.files.max_upload_bytes) in MB: "25 MB"."""
    megabytes = max_upload_bytes() / (1024 * 1024)
    return _("%(n)s MB") % {"n": f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.2g}"}


class PledgeForm(ServiceForm):
    """Create or edit a pledge: the fields are the service's arguments, by name."""

    # An input named "matches" would shadow the form element's matches() method in
    # the DOM (and break scripts such as accessibility checkers that call it).
    field_for_argument = {"matches": "matches_code"}

    lead = forms.ChoiceField(
        label=_("Lead actor"),
        help_text=_("The State or organisation that makes the pledge. You speak for these."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                # For the live counter of workspace.js (an enhancement; the service rules).
                "data-min": DESCRIPTION_MIN_LENGTH,
                "data-max": DESCRIPTION_MAX_LENGTH,
                "data-counter": _("{n} characters typed; a description has {min} to {max}."),
            }
        ),
        # Lazy: a class attribute is built once, the language is the request's.
        help_text=lazy(
            lambda: (
                gettext(
                    "What you commit to, by when, and how progress will be measured: "
                    "%(min)s to %(max)s characters."
                )
                % {
                    "min": number_format(DESCRIPTION_MIN_LENGTH, force_grouping=True),
                    "max": number_format(DESCRIPTION_MAX_LENGTH, force_grouping=True),
                }
            ),
            str,
        )(),
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=Pledge.Mode.choices,
        widget=forms.RadioSelect,
        initial=Pledge.Mode.INDIVIDUAL,
        help_text=_(
            "A common pledge or a pledge in partnership names its partners; "
            "a matching pledge names the published pledge it answers."
        ),
    )
    pledge_type = forms.ChoiceField(
        label=_("Type"), choices=Pledge.Type.choices, widget=forms.RadioSelect
    )
    amount = amount_field(
        _(
            "For a financial contribution: what the lead actor pledges, with its currency "
            "(partners state their own share when they accept)."
        ),
        min="0.01",
    )
    currency = currency_field()
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Pledge.Scope.choices,
        widget=forms.RadioSelect,
        initial=Pledge.Scope.NATIONAL,
    )
    objectives = forms.TypedMultipleChoiceField(
        label=_("Objectives"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose the objectives of the compact that your pledge advances."),
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional: the actions of the chosen objectives that your pledge takes."),
    )
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.MultipleChoiceField(
        label=_("Partners"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Only for a common pledge or a pledge in partnership. Hold Ctrl (⌘ on a Mac) "
            "to choose several."
        ),
    )
    matches_code = forms.CharField(
        label=_("Code of the pledge this one matches"),
        required=False,
        max_length=20,
        help_text=_("Only for a matching pledge: the published pledge's code, e.g. GCM-P-00012."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    target_date = forms.DateField(
        label=_("Target date"),
        widget=DateInput,
        help_text=_("When the pledge will be fulfilled."),
    )
    document = forms.FileField(label=_("Supporting document"), required=False)
    remove_document = forms.BooleanField(label=_("Remove the current document"), required=False)
    # The version of the pledge the form was opened at (core.etags.version_of): a save
    # from an older one is a conflict, shown before anything is written.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    # Checked by the service (its messages, not "This field is required."), and marked
    # "(required)" beside the label like the others (pledges/workspace/_field.html).
    required_by_service = ("title", "description", "objectives")

    def __init__(self, *args, user, lead_choices, pledge: Pledge | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        for name in self.required_by_service:
            self.fields[name].required_by_service = True  # type: ignore[attr-defined]
        leads: list[tuple[str, Any]] = [(a.code, a.name) for a in lead_choices]
        if len(lead_choices) > 1:
            leads.insert(0, ("", _("Choose…")))
        self._choice_field("lead").choices = leads
        objectives = list(Objective.objects.order_by("number"))
        self._choice_field("objectives").choices = [
            (o.number, f"{o.number}. {o.title}") for o in objectives
        ]
        actions = list(action_list())
        self._choice_field("actions").choices = [(a.label, a.label) for a in actions]
        # Grouped for the template: each objective with its actions and their position
        # among the choices, which makes the checkbox ids id_actions_<n> (no query later).
        by_objective: dict[int, list[tuple[int, Action]]] = {}
        for index, action in enumerate(actions):
            by_objective.setdefault(action.objective_id, []).append((index, action))
        self._action_groups = [(o, by_objective.get(o.pk, [])) for o in objectives]
        self._choice_field("principles").choices = [(p.slug, p.name) for p in principle_list()]
        actors = list(actor_list())
        # Grouped under headings: <optgroup> here, groups of the enhanced list (workspace.js).
        self._choice_field("partners").choices = [
            (_("Member States"), [(a.code, a.name) for a in actors if a.kind == "state"]),
            (
                _("Organisations and other stakeholders"),
                [(a.code, a.name) for a in actors if a.kind == "stakeholder"],
            ),
        ]
        if pledge is None or not pledge.document:
            del self.fields["remove_document"]
        document_help = _("Optional, up to %(size)s: %(types)s.") % {
            "size": _upload_limit(),
            "types": _file_types(),
        }
        self.fields["document"].help_text = f"{document_help} {FILE_NOT_KEPT}"

    @staticmethod
    def initial_from(pledge: Pledge) -> dict:
        """The form's values for an existing pledge (its links prefetched)."""
        return {
            "lead": pledge.lead.code,
            "title": pledge.title,
            "description": pledge.description,
            "mode": pledge.mode,
            "pledge_type": pledge.pledge_type,
            "scope": pledge.scope,
            "objectives": [o.number for o in pledge.objectives.all()],
            "actions": [a.label for a in pledge.actions.all()],
            "principles": [p.slug for p in pledge.principles.all()],
            "partners": listed_partner_codes(pledge),
            "matches_code": pledge.matches.code if pledge.matches else "",
            "amount": pledge.amount,
            "currency": pledge.currency,
            "start_date": pledge.start_date,
            "target_date": pledge.target_date,
            "version": version_of(pledge),
        }

    # The fields a conflict compares: what a person types (not the file, not the version).
    COMPARED = (
        "lead",
        "title",
        "description",
        "mode",
        "pledge_type",
        "scope",
        "objectives",
        "actions",
        "principles",
        "partners",
        "matches_code",
        "amount",
        "currency",
        "start_date",
        "target_date",
    )

    def conflicts_with(self, pledge: Pledge) -> list[tuple[str, str, str]]:
        """What differs between the pledge now (changed since the form was opened) and
        what was typed (`ServiceForm.differences`)."""
        return self.differences(self.initial_from(pledge), self.COMPARED)

    def chosen(self, name: str) -> set[str]:
        """The values of a multiple-choice field as the page shows them (bound or not)."""
        value = self[name].value() or []
        return {str(v) for v in value}

    def action_groups(self) -> list[dict]:
        """Each objective with its actions as checkboxes, for the template: a group is
        open when its objective or one of its actions is chosen."""
        objectives, actions = self.chosen("objectives"), self.chosen("actions")
        groups = []
        for objective, items in self._action_groups:
            rows = [(index, action, action.label in actions) for index, action in items]
            groups.append(
                {
                    "objective": objective,
                    "actions": rows,
                    "chosen": str(objective.number) in objectives,
                    "open": str(objective.number) in objectives or any(r[2] for r in rows),
                    "checked_count": sum(1 for r in rows if r[2]),
                }
            )
        return groups

    def service_values(self) -> dict:
        """cleaned_data as the service's keyword arguments."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "lead",
                "title",
                "description",
                "mode",
                "pledge_type",
                "scope",
                "objectives",
                "actions",
                "principles",
                "partners",
                "start_date",
                "target_date",
            )
        }
        values["matches"] = data["matches_code"].strip().upper()
        values["amount"] = data["amount"]
        values["currency"] = data["currency"].strip().upper()
        return values


class ProgressUpdateForm(ServiceForm):
    date = forms.DateField(label=_("Date of the update"), widget=DateInput)
    implementation = forms.ChoiceField(
        label=_("Implementation"),
        choices=Pledge.Implementation.choices,
        widget=forms.RadioSelect,
        initial=Pledge.Implementation.IN_PROGRESS,
    )
    percent = forms.IntegerField(
        label=_("Percent complete"),
        required=False,
        help_text=_("Optional: 0 to 100."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    narrative = forms.CharField(
        label=_("What has been done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    links = forms.CharField(
        label=_("Links to evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: one web address per line (http:// or https://)."),
    )
    # Shadows Form.files for the type checker only: the metaclass moves declared fields
    # to base_fields, so the form's uploaded files stay where Django keeps them.
    files = MultipleFileField(label=_("Evidence files"), required=False)  # type: ignore[assignment]

    actor = forms.ModelChoiceField(
        label=_("Reporting for"),
        queryset=Actor.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Each pledging actor reports its own progress."),
    )

    def __init__(self, *args, actors: Sequence[Actor] = (), **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Asked only of a focal point of several of the pledging actors (the lead first);
        # with one, the service reports for it.
        if len(actors) > 1:
            field = cast(forms.ModelChoiceField, self.fields["actor"])
            field.queryset = Actor.objects.filter(pk__in=[a.pk for a in actors])
            field.initial = actors[0].pk
        else:
            del self.fields["actor"]
        files_help = _(
            "Optional, up to %(n)d files of %(size)s each: %(types)s. You can choose "
            "several at once."
        ) % {"n": MAX_EVIDENCE_FILES, "size": _upload_limit(), "types": _file_types()}
        self.fields["files"].help_text = f"{files_help} {FILE_NOT_KEPT}"

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "implementation": data["implementation"],
            "percent": data["percent"],
            "narrative": data["narrative"],
            "links": data["links"].splitlines(),
            "files": data["files"],
            "actor": data.get("actor"),
        }


class ConfirmForm(forms.Form):
    """A POST with nothing but the CSRF token: the state change is the button."""


class PartnershipAcceptForm(ServiceForm):
    """Accepting an invitation: what the partner contributes, and for a financial share
    an amount and its currency (checked by the service: positive, ISO 4217)."""

    share = forms.CharField(
        label=_("What you contribute"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: a short description of your share of the pledge."),
    )
    amount = amount_field(_("Optional, for a financial contribution: with its currency."))
    currency = currency_field()


class PartnershipReasonForm(ServiceForm):
    """Declining an invitation (a reason is required: the service says so) or leaving
    a pledge (a reason is optional)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _comparable(value: Any) -> Any:
    """A field's value in a form that compares equal however it was typed or stored."""
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    if value is None:
        return ""
    return str(value).strip()


# --- Support sought and matching offers (issue 14) ------------------------------------


class SupportRequestForm(ServiceForm):
    """What a pledge seeks: a type, one of its objectives, a short description and, for
    financial support, an amount with its currency (all checked again by the service)."""

    support_type = forms.ChoiceField(label=_("Type of support"), choices=Pledge.Type.choices)
    objective = forms.TypedChoiceField(label=_("Objective"), coerce=int, choices=())
    description = forms.CharField(
        label=_("Support sought"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 500 characters: what a matching pledge would bring."),
    )
    amount = amount_field(_("Only for financial support: with its currency."))
    currency = currency_field()

    def __init__(self, *args, objectives: Sequence[Objective] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("objective").choices = [
            (objective.number, f"{objective.number}. {objective.title}") for objective in objectives
        ]


class MatchOfferForm(ServiceForm):
    """An offer from one of the user's published pledges to a pledge seeking support."""

    offer = forms.ChoiceField(
        label=_("Your matching pledge"),
        choices=(),
        help_text=_("One of the published pledges of an actor you speak for."),
    )
    matched = forms.CharField(
        label=_("Code of the pledge you offer to match"),
        max_length=20,
        help_text=_("A published pledge of another actor, e.g. GCM-P-00042."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, offers: Sequence[Pledge] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._choice_field("offer").choices = [
            (pledge.code, f"{pledge.code} {pledge.title}") for pledge in offers
        ]


class MatchReasonForm(ServiceForm):
    """Declining an offer (a reason is required: the service says so) or withdrawing
    one's own (a reason is optional)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MatchResourceForm(ServiceForm):
    """What the offering side committed, and when (today unless given)."""

    resources = forms.CharField(
        label=_("What was committed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resourced_on = forms.DateField(
        label=_("Committed on"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: today if left empty."),
    )
