"""Test data builders and fixtures shared by several test modules (directory entries)."""

from __future__ import annotations

from datetime import date

ENTRY = {
    "country": "EGY",
    "functions": ["central_authority_mla"],
    "name": "مكتب التعاون الدولي، مكتب النائب العام",
    "name_en": "International Cooperation Office",
    "name_ar": "مكتب التعاون الدولي، مكتب النائب العام",
    "languages": ["ar", "en"],
    "channels": ["central_authority"],
    "verified_on": date.today().isoformat(),
}


def form_data(**overrides):
    data = {
        "country": "EGY",
        "functions": ["central_authority_mla"],
        "name": "مكتب التعاون الدولي، مكتب النائب العام",
        "name_en": "International Cooperation Office",
        "name_ar": "مكتب التعاون الدولي، مكتب النائب العام",
        "languages": "ar, en",
        "channels": ["central_authority"],
        "urgent_by_email": "",
        "urgent_by_interpol": "",
        "verified_on": date.today().isoformat(),
    }
    data.update(overrides)
    return data
