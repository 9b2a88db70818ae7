# The default pagination of settings.REST_FRAMEWORK lives in core, where the apps' own
# viewsets can reach it (nothing imports gcm_tracker).
from core.pagination import PageNumberPagination

__all__ = ["PageNumberPagination"]
