import csv
import io

from rest_framework import renderers


class CSVRenderer(renderers.BaseRenderer):
    """A list of flat dicts as CSV, columns in the order of the first row's keys."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        buffer = io.StringIO()
        if rows and isinstance(rows[0], dict):
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        # A BOM lets spreadsheet programs read the names of Côte d'Ivoire and Türkiye right.
        return ("\ufeff" + buffer.getvalue()).encode(self.charset)
