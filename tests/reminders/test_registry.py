"""The registry of reminder kinds: the apps register, the reminders app iterates."""

import datetime

import pytest

from reminders import registry
from reminders.models import SentReminder


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry for the test, the apps' own back afterwards."""
    monkeypatch.setattr(registry, "_kinds", {})
    return registry


def test_the_apps_register_their_reminder_kinds():
    assert [kind for kind, _label in registry.kind_choices()] == ["pledge_quiet", "review_due"]
    # The model's choices are the registry's, read when used: no migration per kind.
    assert dict(SentReminder._meta.get_field("kind").choices) == dict(registry.kind_choices())


def test_reminders_due_iterates_every_kind_in_order(scratch_registry):
    seen = []

    def due_a(today):
        seen.append(("a", today))
        return ["a1", "a2"]

    def due_b(today):
        seen.append(("b", today))
        return ["b1"]

    scratch_registry.register(registry.ReminderKind(kind="a", label="A", due=due_a))
    scratch_registry.register(registry.ReminderKind(kind="b", label="B", due=due_b))
    day = datetime.date(2026, 1, 1)

    assert scratch_registry.reminders_due(day) == ["a1", "a2", "b1"]
    assert seen == [("a", day), ("b", day)]


def test_registering_a_kind_again_replaces_it(scratch_registry):
    scratch_registry.register(registry.ReminderKind(kind="a", label="Old", due=lambda d: []))
    scratch_registry.register(registry.ReminderKind(kind="a", label="New", due=lambda d: []))

    assert scratch_registry.kind_choices() == [("a", "New")]
