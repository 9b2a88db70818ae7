from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from . import selectors


def objective_index(request):
    objectives = list(selectors.objective_list())
    selectors.compact_in_language(language=get_language(), objectives=objectives)
    return render(request, "objectives/objective_list.html", {"objectives": objectives})


def objective_page_context(number: int) -> dict:
    """The compact's side of an objective's page: the objective with its actions and its
    neighbours. Four queries (two more for a page in another language: its edition); 404
    for an unknown number.

    An objective's page also lists the pledges serving it, so pledges serves it
    (pledges.views.objective_detail, mounted as `objectives:detail` by the project's
    urls) on top of this context: objectives knows nothing of pledges.
    """
    objectives = selectors.objective_list()
    objective = get_object_or_404(selectors.objective_detail_queryset(), number=number)
    previous = objectives.filter(number__lt=number).order_by("-number").first()
    following = objectives.filter(number__gt=number).first()
    # In a page in another language, its edition's words where one is loaded.
    selectors.compact_in_language(
        language=get_language(),
        objectives=[o for o in (objective, previous, following) if o is not None],
        actions=objective.actions.all(),
    )
    return {"objective": objective, "previous": previous, "next": following}


def principle_index(request):
    principles = list(selectors.principle_list())
    selectors.compact_in_language(language=get_language(), principles=principles)
    return render(request, "objectives/principle_list.html", {"principles": principles})
