"""The directory takes the public key bundle exactly as `mla-tool exchange identity` prints it, and
an entry holding such a key can still be edited (pages and API)."""

from __future__ import annotations

import re

from mla_tool.directory.models import Authority
from mla_tool.exchange import crypto
from mla_tool.extensions import db
from tests.conftest import csrf_token_from


def printed_identity() -> tuple[str, crypto.PublicBundle]:
    """What `mla-tool exchange identity` writes: the PEM bundle, then the fingerprint line."""
    public = crypto.generate_identity().public
    return public.pem() + f"fingerprint: {public.fingerprint}\n", public


ENTRY = {
    "country": "MAR",
    "functions": ["central_authority_mla"],
    "name": "Direction des affaires pénales et des grâces",
}


def test_the_api_takes_the_printed_bundle(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("maintainer"))
    printed, public = printed_identity()
    created = client.post(
        "/api/v1/authorities", json={**ENTRY, "public_key": printed}, headers=headers
    )
    assert created.status_code == 201, created.get_json()
    stored = db.session.get(Authority, created.get_json()["id"])
    assert crypto.parse_public_bundle(stored.public_key).fingerprint == public.fingerprint
    # the entry holding the key stays editable, the key untouched
    changed = client.put(
        f"/api/v1/authorities/{stored.id}", json={"phone": "+212 5 37 00 00 00"}, headers=headers
    )
    assert changed.status_code == 200, changed.get_json()
    db.session.refresh(stored)
    assert crypto.parse_public_bundle(stored.public_key).fingerprint == public.fingerprint
    # a fingerprint line that does not match the keys above it is refused
    other = crypto.generate_identity().public.fingerprint
    tampered = public.pem() + f"fingerprint: {other}\n"
    refused = client.put(
        f"/api/v1/authorities/{stored.id}", json={"public_key": tampered}, headers=headers
    )
    assert refused.status_code == 422
    assert "public_key" in refused.get_json()["error"]["fields"]


def test_an_entry_holding_a_key_stays_editable_in_the_pages(client, make_user, login) -> None:
    printed, public = printed_identity()
    authority = Authority(
        country_iso3="MAR",
        functions=["central_authority_mla"],
        name=ENTRY["name"],
        languages=["fr"],
        channels=["central_authority"],
        public_key=public.pem(),
    )
    db.session.add(authority)
    db.session.commit()
    login(make_user("maintainer"))
    page = client.get(f"/directory/{authority.id}/edit")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    for key in (public.pem(), printed):  # as stored, and pasted as printed
        saved = client.post(
            f"/directory/{authority.id}/edit",
            data={
                "csrf_token": token,
                "country": "MAR",
                "functions": "central_authority_mla",
                "name": ENTRY["name"],
                "languages": "fr",
                "channels": "central_authority",
                "phone": "+212 5 37 00 00 00",
                "urgent_by_email": "",
                "urgent_by_interpol": "",
                "public_key": key,
            },
        )
        errors = re.findall(r"-error\">[^<]{0,200}", saved.get_data(as_text=True))
        assert saved.status_code == 302, errors
        db.session.refresh(authority)
        assert authority.phone == "+212 5 37 00 00 00"
        assert crypto.parse_public_bundle(authority.public_key).fingerprint == public.fingerprint
