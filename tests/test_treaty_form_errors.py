"""A bilateral treaty the directory refuses is explained by the form's labels and in the reader's
language ("Code court (par ex. …): déjà utilisé"), never by the field's name and the rule's
English words ("code: already used")."""

from __future__ import annotations


def test_a_refused_treaty_reads_by_label_and_catalogue(client, login, make_user, page_csrf) -> None:  # type: ignore[no-untyped-def]
    login(make_user("maintainer"))
    path = "/directory/instruments/new"
    form = {
        "csrf_token": page_csrf(path),
        "code": "JOR-FRA-MLA-2001",
        "name_en": "Treaty between Jordan and France",
        "state_a": "JOR",
        "state_b": "FRA",
        "source": "Official Journal 2001",
        "article_mla": "art. 5",
    }
    assert client.post(path, data=form).status_code == 302
    again = client.post(path, data=form, headers={"Accept-Language": "fr"})
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    assert 'role="alert">Code court (par ex. FRA-EGY-MLA-2004)\u00a0: déjà utilisé</p>' in html
    assert "already used" not in html
