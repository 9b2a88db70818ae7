"""GET /api/v1/stats/: the dashboard's aggregates (pledges.stats), for other dashboards."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from pledges.stats import dashboard_stats

_counts = serializers.DictField(child=serializers.IntegerField())


def _amount(help_text: str) -> serializers.DecimalField:
    # A decimal string ("250000.00"): never a float.
    return serializers.DecimalField(max_digits=20, decimal_places=2, help_text=help_text)


StatsSerializer = inline_serializer(
    "DashboardStats",
    {
        "computed_at": serializers.DateTimeField(),
        "updating": serializers.BooleanField(
            help_text="True while a recent change is not yet counted: these are the "
            "previous figures, and a worker is recomputing them (at most about a minute)."
        ),
        "totals": inline_serializer(
            "DashboardTotals",
            {
                "objectives": serializers.IntegerField(),
                "objectives_covered": serializers.IntegerField(
                    help_text="Objectives served by at least one published pledge."
                ),
                "published_pledges": serializers.IntegerField(),
                "fulfilled_pledges": serializers.IntegerField(),
                "states_pledging": serializers.IntegerField(
                    help_text="Member States leading or partnering a published pledge."
                ),
                "stakeholders_pledging": serializers.IntegerField(),
                "progress_updates": serializers.IntegerField(
                    help_text="Progress updates on published pledges."
                ),
            },
        ),
        "implementations": serializers.ListField(child=serializers.CharField()),
        "regions": serializers.ListField(child=serializers.CharField()),
        "by_objective": inline_serializer(
            "DashboardObjective",
            {
                "number": serializers.IntegerField(),
                "title": serializers.CharField(),
                "total": serializers.IntegerField(),
                "by_implementation": _counts,
            },
            many=True,
        ),
        "by_region": inline_serializer(
            "DashboardObjectiveRegions",
            {
                "number": serializers.IntegerField(),
                "title": serializers.CharField(),
                "by_region": _counts,
            },
            many=True,
        ),
        "overdue_by_objective": serializers.DictField(
            child=serializers.IntegerField(),
            help_text="Overdue published pledges (no update for 12 months, or past their "
            "target date unfulfilled) per objective number.",
        ),
        "overdue_by_region": serializers.DictField(
            child=serializers.IntegerField(),
            help_text="Overdue published pledges led by Member States, per UN M49 region.",
        ),
        "pledges_by_quarter": inline_serializer(
            "DashboardQuarter",
            {
                "period": serializers.CharField(help_text="“2024-Q3”."),
                "count": serializers.IntegerField(),
                "cumulative": serializers.IntegerField(),
            },
            many=True,
        ),
        "updates_by_month": inline_serializer(
            "DashboardMonth",
            {
                "period": serializers.CharField(help_text="“2024-07”."),
                "count": serializers.IntegerField(),
            },
            many=True,
        ),
        "pledges_by_state": inline_serializer(
            "DashboardState",
            {
                "code": serializers.CharField(help_text="ISO 3166-1 alpha-3, “KEN”."),
                "name": serializers.CharField(),
                "pledges": serializers.IntegerField(
                    help_text="Published pledges the State leads or partners (accepted)."
                ),
            },
            many=True,
            help_text="Every Member State, by name: the dashboard's map.",
        ),
        "reviews_by_state": serializers.DictField(
            child=serializers.IntegerField(),
            help_text="Published voluntary reviews per State code; States without one "
            "are left out.",
        ),
        "matches_by_stage": serializers.DictField(
            child=serializers.IntegerField(),
            help_text="Matching offers between two published pledges, per stage: every "
            "one of offered, accepted, declined, resourced, delivered and withdrawn, "
            "zeros included (the same stages as `status` of /api/v1/matches/).",
        ),
        "money": inline_serializer(
            "DashboardMoney",
            {
                "by_currency": inline_serializer(
                    "DashboardCurrencyTotal",
                    {
                        "currency": serializers.CharField(help_text="ISO 4217 code."),
                        "total": _amount("`pledges` + `partners`, in this currency."),
                        "pledges": _amount("Published financial pledges' own amounts."),
                        "pledge_count": serializers.IntegerField(),
                        "partners": _amount("Accepted partners' own shares on published pledges."),
                        "partner_count": serializers.IntegerField(),
                    },
                    many=True,
                ),
                "by_objective": serializers.DictField(
                    child=serializers.DictField(child=_amount("")),
                    help_text="Per objective number, the totals per currency of the "
                    "pledges serving it (a pledge serving two objectives counts under "
                    "each: these are not added up).",
                ),
                "usd_estimate": inline_serializer(
                    "DashboardUsdEstimate",
                    {
                        "as_of": serializers.DateField(
                            help_text="The day whose rates were used: each currency's "
                            "latest rate dated on or before it."
                        ),
                        "total": _amount(
                            "`in_usd` plus each converted `usd`; the currencies in "
                            "`not_converted` are left out."
                        ),
                        "in_usd": _amount("Amounts pledged in US dollars (not converted)."),
                        "converted": inline_serializer(
                            "DashboardConversion",
                            {
                                "currency": serializers.CharField(),
                                "amount": _amount("The currency's total."),
                                "rate": serializers.CharField(
                                    help_text="US dollars per unit, as recorded by staff."
                                ),
                                "rate_date": serializers.DateField(),
                                "source": serializers.CharField(),
                                "usd": _amount("`amount` × `rate`, to the cent."),
                            },
                            many=True,
                        ),
                        "not_converted": inline_serializer(
                            "DashboardUnconverted",
                            {"currency": serializers.CharField(), "amount": _amount("")},
                            many=True,
                        ),
                    },
                ),
            },
            help_text="Money pledged, per ISO 4217 currency and never mixed: each "
            "published financial pledge's amount (its lead's) plus each accepted "
            "partner's own share, counted once each; support sought is not counted. "
            "The US dollar estimate converts only at rates with a date and source "
            "recorded by Network staff and says which currencies it could not convert.",
        ),
    },
)

EXAMPLE = {
    "computed_at": "2026-03-02T09:15:00+00:00",
    "updating": False,
    "totals": {
        "objectives": 23,
        "objectives_covered": 2,
        "published_pledges": 3,
        "fulfilled_pledges": 1,
        "states_pledging": 2,
        "stakeholders_pledging": 1,
        "progress_updates": 2,
    },
    "implementations": ["not_started", "in_progress", "fulfilled", "discontinued"],
    "regions": ["Africa", "Americas", "Asia", "Europe", "Oceania"],
    "by_objective": [
        {
            "number": 1,
            "title": "Collect and utilize accurate and disaggregated data as a basis for "
            "evidence-based policies",
            "total": 1,
            "by_implementation": {
                "not_started": 0,
                "in_progress": 0,
                "fulfilled": 1,
                "discontinued": 0,
            },
        }
    ],
    "by_region": [
        {
            "number": 1,
            "title": "Collect and utilize accurate and disaggregated data as a basis for "
            "evidence-based policies",
            "by_region": {"Africa": 1, "Americas": 0, "Asia": 0, "Europe": 0, "Oceania": 0},
        }
    ],
    "pledges_by_quarter": [
        {"period": "2024-Q3", "count": 2, "cumulative": 2},
        {"period": "2024-Q4", "count": 1, "cumulative": 3},
    ],
    "updates_by_month": [{"period": "2025-06", "count": 2}],
    "pledges_by_state": [
        {"code": "KEN", "name": "Kenya", "pledges": 2},
        {"code": "MEX", "name": "Mexico", "pledges": 1},
    ],
    "reviews_by_state": {"KEN": 1},
    "matches_by_stage": {
        "offered": 2,
        "accepted": 1,
        "declined": 0,
        "resourced": 1,
        "delivered": 0,
        "withdrawn": 0,
    },
    "money": {
        "by_currency": [
            {
                "currency": "EUR",
                "total": "1500000.00",
                "pledges": "1000000.00",
                "pledge_count": 1,
                "partners": "500000.00",
                "partner_count": 1,
            },
            {
                "currency": "XOF",
                "total": "20000000.00",
                "pledges": "20000000.00",
                "pledge_count": 1,
                "partners": "0.00",
                "partner_count": 0,
            },
        ],
        "by_objective": {"23": {"EUR": "1500000.00"}},
        "usd_estimate": {
            "as_of": "2026-03-02",
            "total": "1620000.00",
            "in_usd": "0.00",
            "converted": [
                {
                    "currency": "EUR",
                    "amount": "1500000.00",
                    "rate": "1.08",
                    "rate_date": "2026-03-01",
                    "source": "UN operational rates of exchange, March 2026",
                    "usd": "1620000.00",
                }
            ],
            "not_converted": [{"currency": "XOF", "amount": "20000000.00"}],
        },
    },
}


class OneObjectSchema(AutoSchema):
    """A ViewSet's `list` reads as an array to drf-spectacular; the figures are one object."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class StatsViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    schema = OneObjectSchema()

    @extend_schema(
        summary="Dashboard figures on published pledges",
        description="The aggregates behind /dashboard/: totals; published pledges per "
        "objective by implementation status; per objective by the UN M49 region of the "
        "lead Member State; pledges published per quarter (with a running total) and "
        "progress updates per month, empty periods included; published pledges and "
        "voluntary reviews per Member State (the map); matching offers by stage; `money`, "
        "the amounts pledged per currency with a US dollar estimate at staff-recorded rates "
        "only. Served from a cache that "
        "writes refresh; `computed_at` says when the figures were computed, and `updating` "
        "whether a recent change is still being counted.",
        responses={200: StatsSerializer},
        examples=[OpenApiExample("Dashboard figures", value=EXAMPLE, response_only=True)],
    )
    def list(self, request):
        return Response(dashboard_stats())
