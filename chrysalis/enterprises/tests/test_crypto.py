import pytest
from django.db import connection

from chrysalis.enterprises.crypto import blind_index, decrypt, encrypt, mask_id_number, mask_phone
from chrysalis.enterprises.models import Contact


def test_round_trip_and_random_nonce():
    a, b = encrypt("13812341234"), encrypt("13812341234")
    assert a != b and a.startswith("v1:")
    assert decrypt(a) == decrypt(b) == "13812341234"
    assert blind_index("138 1234 1234") == blind_index("13812341234")


def test_tampering_is_detected():
    token = encrypt("13812341234")
    broken = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(Exception):  # noqa: B017 - InvalidTag or a decoding error
        decrypt(broken)


def test_masks():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("") == ""


@pytest.mark.django_db
def test_stored_encrypted_at_rest(ents):
    contact = Contact.objects.filter(enterprise=ents["ent_a1"]).get()
    assert contact.phone == "13812341234"
    with connection.cursor() as cur:
        cur.execute("SELECT phone, id_number FROM enterprises_contact WHERE id = %s", [contact.pk])
        phone, id_number = cur.fetchone()
    assert "1234" not in phone and phone.startswith("v1:")
    assert "1949" not in id_number
    assert Contact.objects.filter(phone_index=blind_index("13812341234")).count() == 3
