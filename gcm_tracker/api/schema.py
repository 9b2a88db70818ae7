"""The OpenAPI document's answers beyond the happy path, written once for every route.

drf-spectacular documents what a view returns when all goes well. What can also come
back is decided here, from the settings and the view, so that the document tells a
client the truth (and schemathesis, tests/gcm_tracker/test_openapi_conformance.py,
holds every operation to it):

- 400 with field messages (`FieldErrors`: {"field": ["message"]}, nested for list
  items, `non_field_errors` for the whole) when the operation takes a body or a query
  parameter, and on every write — a body-less move its record's status does not allow
  (accepting a match twice) is a 400 on `status`; a body that is not JSON is a 400
  with `detail`.
- 415 for a body in a Content-Type the operation does not read; `text/csv` beside
  JSON on a list that takes `?format=csv`.
- 403 on every operation: not signed in (session authentication comes first, so DRF
  answers 403 rather than 401 and no route answers 401), a bad token, or not allowed.
- 404 where the path names a record (one the caller may not see is a 404 too), and on
  a paginated list for a `page` past the last; any path under /api/ that matches no
  route is a JSON 404 too (gcm_tracker/views.py).
- 412 and the `If-Match` header on the writes of a versioned record (core/etags.py).
- 304 and `If-None-Match` on every read (Django's ConditionalGetMiddleware); the
  `ETag` of the record on versioned reads and writes.
- 429 with `Retry-After` on every operation (the throttles of settings.REST_FRAMEWORK).

No route answers 409: a move a record's status does not allow (submitting a published
pledge) is a 400 on `status`.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from core.etags import VersionedWritesMixin

JSON = "application/json"

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the caller's language."}
    },
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name: a list of messages, or, for a list or nested "
    "field, the messages of each item by its index. `non_field_errors` concerns the "
    "request as a whole.",
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}

ETAG_HEADER = {
    "schema": {"type": "string"},
    "description": 'The version of the record (strong, e.g. `"42-1733140800123456"`): send '
    "it back in `If-Match` with a change, or in `If-None-Match` to read again cheaply.",
}
RETRY_AFTER_HEADER = {
    "schema": {"type": "integer"},
    "description": "Seconds to wait before trying again.",
}

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The `ETag` the change was made from. When the record has changed "
    "since, the answer is 412 and nothing is written. Without it, the change applies "
    "to whatever is current.",
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An `ETag` of an earlier answer: if it is still current, the answer is "
    "304 with no body.",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self._component("Error", ERROR)
        field_errors = self._component("FieldErrors", FIELD_ERRORS)
        responses: dict[str, Any] = operation["responses"]
        parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
        versioned = isinstance(self.view, VersionedWritesMixin) and (
            getattr(self.view, "action", None) in self.view.tagged_actions
        )

        def answer(code: str, description: str, schema: dict, **extra: Any) -> None:
            responses.setdefault(
                code, {"description": description, "content": {JSON: {"schema": schema}}, **extra}
            )

        takes_query = any(p.get("in") == "query" for p in parameters)
        writes = method.upper() not in ("GET", "HEAD", "OPTIONS")
        if "requestBody" in operation or takes_query or writes:
            responses.setdefault(
                "400",
                {
                    "description": "Invalid input: messages by field (or `detail` for a "
                    "body that cannot be read).",
                    "content": {
                        JSON: {
                            "schema": {"anyOf": [field_errors, error]},
                            "examples": {
                                "FieldErrors": {
                                    "value": {
                                        "title": ["This field is required."],
                                        "objectives": {"0": ["A valid integer is required."]},
                                    }
                                }
                            },
                        }
                    },
                },
            )
        if "requestBody" in operation:
            answer("415", "The body's Content-Type is not one the operation reads.", error)
        if getattr(self.view, "action", None) == "list" and any(
            p.get("name") == "format" and "csv" in p.get("schema", {}).get("enum", [])
            for p in parameters
        ):
            # `?format=csv`: the whole filtered list as CSV (pledges/api/renderers.py).
            responses["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
        answer("403", "Not signed in, an invalid token, or not allowed to do this.", error)
        if self._names_a_record():
            answer("404", "No such record, or not one the caller may see.", error)
        elif any(p.get("name") in ("page", "cursor") for p in parameters):
            answer("404", "A `page` past the last one, or a `cursor` that is not one.", error)
        answer(
            "429",
            "Too many requests (or, on the token endpoint, too many failed sign-ins).",
            error,
            headers={"Retry-After": RETRY_AFTER_HEADER},
        )
        if self.method == "GET":
            parameters.append(IF_NONE_MATCH)
            responses.setdefault(
                "304", {"description": "Not modified: the `ETag` sent is current."}
            )
        if versioned:
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {})["ETag"] = ETAG_HEADER
        if versioned and self.method in ("PATCH", "PUT"):
            parameters.append(IF_MATCH)
            answer(
                "412",
                "The `If-Match` sent is not the record's current `ETag`: someone changed "
                "it since. Nothing was written.",
                error,
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _names_a_record(self) -> bool:
        return "{" in self.path

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        return component.ref
