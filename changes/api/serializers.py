from rest_framework import serializers

from changes.models import ChangeEvent


class ChangeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeEvent
        fields = ["id", "kind", "object_kind", "code", "at"]
        read_only_fields = fields
