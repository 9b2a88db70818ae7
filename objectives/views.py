from django.shortcuts import get_object_or_404, render

from . import selectors


def objective_index(request):
    return render(
        request, "objectives/objective_list.html", {"objectives": selectors.objective_list()}
    )


def objective_page_context(number: int) -> dict:
    """The compact's side of an objective's page: the objective with its actions and its
    neighbours. Four queries; 404 for an unknown number.

    The project serves /objectives/<n>/ through pledges.views.objective_detail, which adds
    the pledges serving the objective to this context (objectives knows nothing of
    pledges); this view stays the page of the compact alone.
    """
    objectives = selectors.objective_list()
    objective = get_object_or_404(selectors.objective_detail_queryset(), number=number)
    return {
        "objective": objective,
        "previous": objectives.filter(number__lt=number).order_by("-number").first(),
        "next": objectives.filter(number__gt=number).first(),
    }


def objective_detail(request, number: int):
    return render(request, "objectives/objective_detail.html", objective_page_context(number))


def principle_index(request):
    return render(
        request, "objectives/principle_list.html", {"principles": selectors.principle_list()}
    )
