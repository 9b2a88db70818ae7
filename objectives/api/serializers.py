from typing import Any, cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from objectives.models import Action, GuidingPrinciple, Objective


class ObjectiveSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="objective-detail", lookup_field="number")
    action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Objective
        fields = ["number", "title", "commitment", "paragraph", "action_count", "url"]


class ObjectiveActionSerializer(serializers.ModelSerializer):
    # The field "label" hides Field.label (its own caption) in the stubs.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = Action
        fields = ["letter", "label", "text"]

    def get_label(self, action: Action) -> str:
        # The parent objective is known; avoid a query per action.
        return f"{self.context['objective'].number}({action.letter})"


class ObjectiveDetailSerializer(ObjectiveSerializer):
    actions = serializers.SerializerMethodField()

    class Meta(ObjectiveSerializer.Meta):
        fields = [*ObjectiveSerializer.Meta.fields, "actions"]

    @extend_schema_field(ObjectiveActionSerializer(many=True))
    def get_actions(self, objective: Objective) -> list[dict[str, Any]]:
        context = {**self.context, "objective": objective}
        actions = ObjectiveActionSerializer(objective.actions.all(), many=True, context=context)
        # many=True makes a ListSerializer, whose data is a list; the stubs type it a dict.
        return cast(list[dict[str, Any]], actions.data)


class ActionSerializer(serializers.ModelSerializer):
    objective = serializers.IntegerField(source="objective.number", read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # as above
    url = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = ["objective", "letter", "label", "text", "url"]

    def get_url(self, action: Action) -> str:
        request = self.context.get("request")
        path = action.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class GuidingPrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuidingPrinciple
        fields = ["slug", "name", "description"]
