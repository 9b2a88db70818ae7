from core.tabular import ImportResult
from pledges.management.commands.import_pledges import ImportCommand
from reviews.imports import indicator_values_import


class Command(ImportCommand):
    help = (
        "Record indicator values (indicator, state, year, value, source, source_url) from "
        "a CSV or XLSX file; a value already recorded for the same indicator, State and "
        "year is replaced. Nothing is written unless every row is valid, or with "
        "--valid-only only the valid rows."
    )
    importer = staticmethod(indicator_values_import)
    noun = "indicator values"

    def written(self, result: ImportResult) -> str:
        return f"Created {len(result.created)}, updated {len(result.updated)} {self.noun}."
