"""Read serializers show a pledge; write serializers check the shape of input only.
Meaning (does objective 24 exist? is 5(a) under a chosen objective?) is the services'."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.columns import cell_text
from pledges.columns import (
    PLEDGE_COLUMN_NAMES,
    action_labels,
    objective_numbers,
    pledge_row,
    principle_slugs,
)
from pledges.models import Actor, Evidence, Pledge, ProgressUpdate


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class ActorSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Actor
        fields = [
            "code",
            "kind",
            "name",
            "country",
            "category",
            "region",
            "subregion",
            "is_un_member",
        ]


class ActorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["code", "kind", "name"]


class PledgeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="pledge-detail", lookup_field="code")
    type = serializers.CharField(source="pledge_type", read_only=True)
    lead = ActorSummarySerializer(read_only=True)
    partners = ActorSummarySerializer(many=True, read_only=True)
    objectives = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    principles = serializers.SerializerMethodField()
    matches: "serializers.SlugRelatedField[Pledge]" = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the published pledge a matching pledge answers; null otherwise.",
    )
    document = serializers.SerializerMethodField(
        help_text="Download link of the supporting document (served to whoever may see "
        "the pledge), or null."
    )

    class Meta:
        model = Pledge
        # The table's columns (columns.py), nested where JSON can (the lead's name is
        # in `lead`, lists are lists), and what only the API shows.
        fields = [
            *(name for name in PLEDGE_COLUMN_NAMES if name != "lead_name"),
            "url",
            "document",
            "return_reason",
            "created_at",
        ]
        read_only_fields = fields

    # Read from the prefetched relations (pledge_list): no query per pledge.
    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_objectives(self, pledge: Pledge) -> list[int]:
        return objective_numbers(pledge)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, pledge: Pledge) -> list[str]:
        return action_labels(pledge)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_principles(self, pledge: Pledge) -> list[str]:
        return principle_slugs(pledge)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document(self, pledge: Pledge) -> str | None:
        if not pledge.document:
            return None
        return _absolute(self, reverse("pledges:document", args=[pledge.code]))


class PledgeCSVSerializer(serializers.BaseSerializer):
    """One flat row per pledge for spreadsheets: the columns of an export's pledges
    table (columns.py), so the directory's CSV and an export read alike."""

    def to_representation(self, pledge: Pledge) -> dict[str, str]:
        return dict(zip(PLEDGE_COLUMN_NAMES, map(cell_text, pledge_row(pledge)), strict=True))


class PledgeWriteSerializer(serializers.Serializer):
    """The shape of a pledge's fields. PATCH sends any subset."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(trim_whitespace=True)
    lead = serializers.CharField(max_length=64, help_text="Actor code: KEN, or a slug.")
    partners = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, help_text="Actor codes."
    )
    mode = serializers.ChoiceField(choices=Pledge.Mode.choices)
    type = serializers.ChoiceField(choices=Pledge.Type.choices, source="pledge_type")
    objectives = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text="Objective numbers, at least one."
    )
    actions = serializers.ListField(
        child=serializers.CharField(max_length=8),
        required=False,
        help_text='Action labels such as "5(a)", each under a chosen objective.',
    )
    principles = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Guiding principle slugs."
    )
    scope = serializers.ChoiceField(choices=Pledge.Scope.choices)
    start_date = serializers.DateField()
    target_date = serializers.DateField()
    matches = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Code of the published pledge a matching pledge answers.",
    )
    document = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="One supporting document (txt, rtf, pdf, doc(x), odt, ppt(x), odp, "
        "xls(x), ods), at most 25 MB; send as multipart.",
    )


class PledgeReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the pledge goes back to its focal points.")


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(
        help_text="Download link, served to whoever may see the pledge."
    )

    class Meta:
        model = Evidence
        fields = ["name", "size", "file"]

    @extend_schema_field(serializers.URLField())
    def get_file(self, evidence: Evidence) -> str:
        # evidence.update.pledge is the pledge the updates were read through: no query.
        path = reverse("pledges:evidence", args=[evidence.update.pledge.code, evidence.pk])
        return _absolute(self, path)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "date",
            "implementation",
            "percent",
            "narrative",
            "links",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields


class ProgressUpdateWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    implementation = serializers.ChoiceField(choices=Pledge.Implementation.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    narrative = serializers.CharField()
    links = serializers.ListField(child=serializers.URLField(), required=False)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Evidence files, as multipart; the types and size of a pledge's document.",
    )
