"""Asking for an export (export_create): the build is queued after commit only."""

from unittest import mock

import pytest
from django.db import transaction

from exports import services
from exports.models import Export
from exports.tasks import build_export

pytestmark = pytest.mark.django_db


def test_export_create_enqueues_only_after_commit(focal_ken, django_capture_on_commit_callbacks):
    with mock.patch.object(build_export, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            export = services.export_create(user=focal_ken, kind="pledges", format="csv")
        assert not delay.called  # not before the commit…
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(export_id=export.pk)  # …once it is committed


def test_export_create_rolled_back_enqueues_nothing(focal_ken, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(build_export, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.export_create(user=focal_ken, kind="pledges", format="csv")
        raise RuntimeError("the caller's transaction fails after the export")

    assert callbacks == []
    assert not delay.called
    assert not Export.objects.exists()
