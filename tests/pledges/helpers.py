"""Inputs shared by the pledge tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import DESCRIPTION

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def pdf_file(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pledge_payload(lead: str = "KEN", **overrides) -> dict:
    payload = {
        "title": "Fair recruitment for Kenyan migrant workers",
        "description": DESCRIPTION,
        "lead": lead,
        "mode": "individual",
        "type": "policy",
        "objectives": [6],
        "actions": ["6(a)"],
        "principles": ["people-centred"],
        "scope": "national",
        "start_date": "2024-01-01",
        "target_date": "2026-12-31",
    }
    return {**payload, **overrides}


def service_values(lead: str = "KEN", **overrides) -> dict:
    import datetime

    values = {
        "lead": lead,
        "title": "Fair recruitment for Kenyan migrant workers",
        "description": DESCRIPTION,
        "mode": "individual",
        "pledge_type": "policy",
        "objectives": [6],
        "actions": ["6(a)"],
        "principles": ["people-centred"],
        "scope": "national",
        "start_date": datetime.date(2024, 1, 1),
        "target_date": datetime.date(2026, 12, 31),
    }
    return {**values, **overrides}


def streamed(response) -> bytes:
    """The body of a streamed download (a StreamingHttpResponse has no .content)."""
    assert response.streaming, "expected a streamed response"
    return b"".join(response.streaming_content)
