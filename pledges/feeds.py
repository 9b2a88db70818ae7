"""Atom feeds of the public record (issue 19): the published pledges, a pledge's progress
updates, a country's pledges, an objective's pledges.

Only what the public may read (`pledges.selectors`, the one visibility rule), links
absolute (the syndication framework adds the request's domain), titles in the reader's
language (the feeds sit under the language prefixes, /fr/feeds/…). Readers follow them
without an account; the pages link to them with <link rel="alternate">.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from objectives.models import Objective

from . import selectors
from .models import Actor, Pledge, ProgressUpdate

FEED_ITEMS = 50


class _PledgeFeed(Feed):
    """Pledges as entries: newest published first."""

    feed_type = Atom1Feed

    def item_title(self, pledge: Pledge) -> str:
        return f"{pledge.code} {pledge.title}"

    def item_description(self, pledge: Pledge) -> str:
        return Truncator(pledge.description).chars(500)

    def item_link(self, pledge: Pledge) -> str:
        return reverse("pledges:detail", args=[pledge.code])

    def item_author_name(self, pledge: Pledge) -> str:
        return pledge.lead.name

    def item_pubdate(self, pledge: Pledge):
        return pledge.published_at

    def item_updateddate(self, pledge: Pledge):
        return pledge.updated_at

    def item_categories(self, pledge: Pledge) -> list[str]:
        return [_("Objective %(n)d") % {"n": o.number} for o in pledge.objectives.all()]


class PublishedPledgesFeed(_PledgeFeed):
    def title(self) -> str:
        return _("GCM Tracker: newly published pledges")

    def link(self) -> str:
        return reverse("pledges:index")

    def subtitle(self) -> str:
        return _("Pledges under the Global Compact for Migration, newest first.")

    def items(self):
        return selectors.published_pledges().order_by("-published_at", "code")[:FEED_ITEMS]


class CountryPledgesFeed(_PledgeFeed):
    def get_object(self, request, code: str) -> Actor:
        state = Actor.objects.filter(kind=Actor.Kind.STATE, code__iexact=code).first()
        if state is None:
            raise Http404(f"No Member State with code {code!r}")
        return state

    def title(self, state: Actor) -> str:
        return _("GCM Tracker: pledges of %(country)s") % {"country": state.name}

    def link(self, state: Actor) -> str:
        return reverse("countries:detail", args=[state.code])

    def items(self, state: Actor):
        return selectors.published_pledges_of_actor(state)[:FEED_ITEMS]


class ObjectivePledgesFeed(_PledgeFeed):
    def get_object(self, request, number: int) -> Objective:
        objective = Objective.objects.filter(number=number).first()
        if objective is None:
            raise Http404(f"No objective {number}")
        return objective

    def title(self, objective: Objective) -> str:
        return _("GCM Tracker: pledges for objective %(n)d") % {"n": objective.number}

    def link(self, objective: Objective) -> str:
        return reverse("objectives:detail", args=[objective.number])

    def items(self, objective: Objective):
        return selectors.published_pledges_for_objective(objective.number)[:FEED_ITEMS]


class PledgeUpdatesFeed(Feed):
    """A published pledge's progress updates, newest first, each saying whether it is
    self-reported, verified or (once public) disputed by the Network."""

    feed_type = Atom1Feed

    def get_object(self, request, code: str) -> Pledge:
        pledge = selectors.published_pledges().filter(code=code).first()
        if pledge is None:
            raise Http404(f"No published pledge {code!r}")
        return pledge

    def title(self, pledge: Pledge) -> str:
        return _("GCM Tracker: progress of %(code)s") % {"code": pledge.code}

    def subtitle(self, pledge: Pledge) -> str:
        return pledge.title

    def link(self, pledge: Pledge) -> str:
        return reverse("pledges:detail", args=[pledge.code])

    def items(self, pledge: Pledge):
        return (
            selectors.updates_visible_to(None)
            .filter(pledge=pledge)
            .select_related("pledge")
            .order_by("-date", "-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, update: ProgressUpdate) -> str:
        return _("%(date)s: %(implementation)s") % {
            "date": update.date.isoformat(),
            "implementation": update.get_implementation_display(),
        }

    def item_description(self, update: ProgressUpdate) -> str:
        status = update.public_verification
        if status == ProgressUpdate.Verification.VERIFIED:
            said = _("Verified by the Network on %(date)s") % {
                "date": update.verified_at.date().isoformat() if update.verified_at else ""
            }
        elif status == ProgressUpdate.Verification.DISPUTED:
            said = _("Disputed by the Network: %(reason)s") % {
                "reason": update.public_dispute_reason
            }
        else:
            said = _("Self-reported")
        return f"{said}. {Truncator(update.narrative).chars(1000)}"

    def item_link(self, update: ProgressUpdate) -> str:
        return reverse("pledges:detail", args=[update.pledge.code]) + f"#update-{update.pk}"

    def item_pubdate(self, update: ProgressUpdate):
        return update.created_at
