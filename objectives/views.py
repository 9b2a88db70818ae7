from django.shortcuts import get_object_or_404, render

from . import selectors


def objective_index(request):
    return render(
        request, "objectives/objective_list.html", {"objectives": selectors.objective_list()}
    )


def objective_detail(request, number: int):
    objectives = selectors.objective_list()
    objective = get_object_or_404(selectors.objective_detail_queryset(), number=number)
    context = {
        "objective": objective,
        "previous": objectives.filter(number__lt=number).order_by("-number").first(),
        "next": objectives.filter(number__gt=number).first(),
    }
    return render(request, "objectives/objective_detail.html", context)


def principle_index(request):
    return render(
        request, "objectives/principle_list.html", {"principles": selectors.principle_list()}
    )
