from rest_framework import renderers

from core.columns import csv_lines


class CSVRenderer(renderers.BaseRenderer):
    """A list of flat dicts as CSV, columns in the order of the first row's keys, cells
    written as every CSV of the product is (core.columns.csv_lines). The pledge list
    streams its CSV itself; this renders what else answers a `?format=csv` request."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        if not (rows and isinstance(rows[0], dict)):
            return "\ufeff".encode(self.charset)
        header = list(rows[0])
        lines = csv_lines(header, ([row.get(name, "") for name in header] for row in rows))
        return "".join(lines).encode(self.charset)
