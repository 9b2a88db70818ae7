"""The registry of export kinds: the apps register their tables, the exports app
composes them (the export of everything) and never imports an app."""

import pytest

from exports import registry
from exports.models import Export
from pledges.columns import PLEDGE_COLUMN_NAMES
from pledges.filters import PledgeFilter
from reviews.columns import REVIEW_COLUMN_NAMES
from reviews.filters import ReviewFilter


def test_the_apps_register_their_export_kinds():
    assert registry.kinds() == ["pledges", "reviews", "everything"]
    assert registry.exporter("pledges").filterset is PledgeFilter
    assert registry.exporter("reviews").filterset is ReviewFilter
    assert registry.exporter("pledges").table.columns == PLEDGE_COLUMN_NAMES
    assert registry.exporter("reviews").table.columns == REVIEW_COLUMN_NAMES
    # The model's choices are the registry's, read when used: no migration per kind.
    assert dict(Export._meta.get_field("kind").choices) == dict(registry.kind_choices())


def test_a_kind_is_its_own_table_filtered_everything_is_every_table_unfiltered():
    pledges = registry.exporter("pledges")

    assert registry.tables("pledges") == [(pledges.table, PledgeFilter)]
    assert [(table.name, filterset) for table, filterset in registry.tables("everything")] == [
        ("pledges", None),
        ("progress_updates", None),
        ("reviews", None),
    ]


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry for the test, the apps' own back afterwards."""
    monkeypatch.setattr(registry, "_exporters", {})
    return registry


def _exporter(kind, *related):
    table = registry.Table(kind, ["id"], queryset=lambda user: None, row=lambda obj: [obj])
    return registry.Exporter(
        kind=kind, label=kind.title(), table=table, filterset=PledgeFilter, related=related
    )


def test_everything_follows_the_order_of_registration(scratch_registry):
    extra = registry.Table("b_extra", ["id"], queryset=lambda user: None, row=lambda obj: [obj])
    scratch_registry.register(_exporter("b", extra))
    scratch_registry.register(_exporter("a"))

    assert [t.name for t, _f in scratch_registry.tables("everything")] == ["b", "b_extra", "a"]
    assert scratch_registry.kind_choices()[-1][0] == "everything"


def test_everything_is_not_a_kind_an_app_may_register(scratch_registry):
    with pytest.raises(ValueError, match="everything"):
        scratch_registry.register(_exporter("everything"))


def test_an_unknown_kind_is_a_key_error(scratch_registry):
    with pytest.raises(KeyError):
        scratch_registry.exporter("actors")
