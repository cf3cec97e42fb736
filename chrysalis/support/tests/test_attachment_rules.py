"""Who may add a file to a request, and when (issue 13, Low)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chrysalis.core.exceptions import NotPermitted
from chrysalis.support.models import RequestAttachment, ServiceRequest
from chrysalis.support.services.requests import attachment_add


def _upload():
    return SimpleUploadedFile("补充材料.txt", "补充".encode())


@pytest.mark.parametrize("status", ["answered", "closed", "withdrawn"])
def test_no_file_on_a_request_that_is_no_longer_open(world, ents, status):
    req = ents["req_a1"]
    ServiceRequest.objects.filter(pk=req.pk).update(status=status)
    before = RequestAttachment.objects.count()
    with pytest.raises(ValidationError) as info:
        attachment_add(actor=world["zone_a_officer"], request=req, upload=_upload())
    assert "仍在办理" in " ".join(info.value.messages) or "open" in " ".join(info.value.messages)
    assert RequestAttachment.objects.count() == before


def test_a_department_that_no_longer_holds_the_request_cannot_add_files(world, ents):
    req = ents["req_a1"]
    attachment_add(actor=world["finance_handler"], request=req, upload=_upload())  # holds it: allowed
    ServiceRequest.objects.filter(pk=req.pk).update(department=ents["environment"])
    before = RequestAttachment.objects.count()
    with pytest.raises(NotPermitted):
        attachment_add(actor=world["finance_handler"], request=req, upload=_upload())
    assert RequestAttachment.objects.count() == before
    attachment_add(actor=world["env_handler"], request=req, upload=_upload())
    assert RequestAttachment.objects.count() == before + 1
