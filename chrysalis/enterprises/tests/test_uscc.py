import pytest

from chrysalis.enterprises.uscc import (
    CHARSET,
    UsccError,
    check_char,
    make_uscc,
    org_check_char,
    validate_uscc,
)

# Codes published by the firms themselves (business licences / annual reports).
REAL = [
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "91440300192317458F",  # 比亚迪股份有限公司
    "91110108551385082Q",  # 北京小米科技有限责任公司
    "91350100M000100Y43",  # the example of GB 32100-2015 explanations (MA-style organisation code)
]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert validate_uscc(code) == code


def test_normalises_lower_case_spaces_and_full_width():
    assert validate_uscc(" 9144030071526726xg ") == "9144030071526726XG"
    assert validate_uscc("９１４４０３００７１５２６７２６ＸＧ") == "9144030071526726XG"


@pytest.mark.parametrize(
    "code,reason",
    [
        ("9144030071526726X", "length"),
        ("9144030071526726XGG", "length"),
        ("9144030071526726XO", "charset"),  # O is never used
        ("914403007152672IXG", "charset"),
        ("Z144030071526726XG", "charset"),
        ("B144030071526726XG", "authority"),
        ("9444030071526726XG", "type"),  # 工商 has types 1–3 only
        ("Y244030071526726XG", "type"),
        ("9199030071526726XG", "region"),  # no province 99
        ("91440300715267260G", "org_check"),  # organisation-code check digit corrupted
        ("9144030071526727XG", "org_check"),  # body digit corrupted
        ("9144030071526726X0", "check"),  # final check character corrupted
        ("9144030171526726XG", "check"),  # region digit changed: only the final check catches it
    ],
)
def test_corrupted_codes_are_rejected_with_the_reason(code, reason):
    with pytest.raises(UsccError) as exc:
        validate_uscc(code)
    assert exc.value.code == reason
    assert exc.value.message


def test_every_single_character_substitution_of_a_real_code_is_caught():
    code = REAL[0]
    for i in range(18):
        for c in CHARSET:
            if c == code[i]:
                continue
            corrupted = code[:i] + c + code[i + 1 :]
            with pytest.raises(UsccError):
                validate_uscc(corrupted)


def test_make_uscc_builds_valid_codes():
    code = make_uscc("330110", "MA2H4K7P")
    assert validate_uscc(code) == code
    assert org_check_char("71526726") == "X"
    assert check_char("9144030071526726X") == "G"


def test_message_is_chinese(settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(UsccError) as exc:
            validate_uscc("9144030071526726X0")
    assert "校验" in exc.value.message
