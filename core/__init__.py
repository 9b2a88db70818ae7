"""The shared layer: small helpers every app needs, importing no app.

- `loading`: what reference-data loaders report (Counts) and how they write
  (save_if_changed, remove_stale, read_text_file), and the text helpers the parsers share.
- `history`: who made a change, for django-simple-history.
- `downloads`: serving an uploaded file as an attachment.
- `tasks`: the retry and acknowledgement policy of background tasks.
- `tabular`: reading a CSV or XLSX file row by row, row errors and the one import report.
- `columns`: a table's columns, declared once by the app whose rows they show.
- `roles`: the Network staff role (the group, `user_is_staff`).
- `admin`: `ReadOnlyAdmin`, for rows only the product writes.

Nothing here imports `gcm_tracker` or an app (ARCHITECTURE.md; the import contract
in pyproject.toml keeps it so).
"""
