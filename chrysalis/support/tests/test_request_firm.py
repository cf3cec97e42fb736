"""A department handler sees the requesting firm through the request it holds, and nothing else of the
registry (issue 10 item 3)."""


def test_handler_sees_the_requesting_firm_masked_and_read_only(client, world):
    req = world.extra["req_a1"]
    firm = req.enterprise
    client.force_login(world["finance_handler"])
    detail = client.get(f"/service/requests/{req.pk}/").content.decode()
    assert f"/service/requests/{req.pk}/firm/" in detail
    html = client.get(f"/service/requests/{req.pk}/firm/").content.decode()
    assert firm.name in html and firm.uscc in html and "张三" in html
    assert "138****" in html or "****" in html  # masked phone only
    assert "11010519491231002X" not in html and "unmask" not in html and "edit" not in html.split("<main")[-1]
    assert "Open the enterprise page" not in html and f'href="/enterprises/{firm.pk}/"' not in html
    # the registry itself stays closed to the handler
    assert client.get(f"/enterprises/{firm.pk}/").status_code == 404
    assert client.get(f"/enterprises/{world.extra['ent_b1'].pk}/").status_code == 404


def test_another_firms_request_answers_404(client, world):
    client.force_login(world["env_handler"])  # environment: holds neither request
    assert client.get(f"/service/requests/{world.extra['req_a1'].pk}/firm/").status_code == 404
    client.force_login(world["zone_b_officer"])
    assert client.get(f"/service/requests/{world.extra['req_a1'].pk}/firm/").status_code == 404


def test_officer_gets_a_link_to_the_full_page(client, world):
    req = world.extra["req_a1"]
    client.force_login(world["zone_a_officer"])
    html = client.get(f"/service/requests/{req.pk}/firm/").content.decode()
    assert f'href="/enterprises/{req.enterprise_id}/"' in html
