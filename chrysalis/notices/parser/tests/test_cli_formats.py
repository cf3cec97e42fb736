"""The command line and the format checks (framework-free)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from chrysalis.notices.parser import formats
from chrysalis.notices.parser.cli import main

SEED = Path(__file__).parent / "fixtures" / "seed.txt"
ROOT = Path(__file__).parents[4]


def test_cli_text_output():
    out = io.StringIO()
    assert main(["notices", "parse", str(SEED)], out=out) == 0
    text = out.getvalue()
    assert "遗失声明" in text and "声明人：中国共产主义青年团浙江省建设厅委员会" in text
    assert "号码：Z3310000378202" in text and "共 1 条公告" in text


def test_cli_json_and_exit_code_on_bad_input(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("遗失银行开户许可证，核准号：Z33100003782，声明作废。", encoding="utf-8")
    out = io.StringIO()
    assert main(["notices", "parse", str(bad), "--format", "json"], out=out) == 1
    data = json.loads(out.getvalue())
    codes = {m["code"] for n in data["notices"] for m in n["messages"]}
    assert {"no_declarant", "bad_licence"} <= codes


def test_cli_missing_file_and_usage():
    assert main(["notices", "parse", "/nonexistent/file.txt"], out=io.StringIO()) == 2
    assert main(["notices", "frobnicate"], out=io.StringIO()) == 2


def test_chrysalis_command_entry():
    out = subprocess.run(
        [sys.executable, "-m", "chrysalis.cli", "notices", "parse", str(SEED)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "Z3310000378202" in out.stdout


def test_formats():
    assert formats.check_uscc("91330106MA2B3C4D11") is None
    assert "第 18 位" in formats.check_uscc("91330106MA2B3C4D12")
    assert "18 位" in formats.check_uscc("9133010")
    assert "I、O" in formats.check_uscc("91330106MA2B3C4DIO") or "不能出现" in formats.check_uscc(
        "91330106MA2B3C4DIO"
    )
    assert formats.check_account_licence("Z3310000378202") is None
    assert formats.check_account_licence("33310000378202")
    assert formats.check_id_card("110101199003074573") is None
    assert "应为 3" in formats.check_id_card("110101199003074579")
    assert formats.check_id_card("3301**********1234") is None
    for ok in ("0571-85310538", "13905710000", "010-62345678", "400-800-1234"):
        assert formats.check_phone(ok) is None, ok
    for bad in ("0571-853", "12345", "0571-053105381"):
        assert formats.check_phone(bad), bad
    assert formats.normalise_phone("(0571)85310538") == "0571-85310538"
    assert formats.money_wan("5,000,000", "元") == "500"
    assert formats.money_wan("1250", "万元") == "1250"
    assert formats.money_wan("12345", "元") == "1.2345"
    assert formats.cn_int("四十五") == 45 and formats.cn_int("二十") == 20 and formats.cn_int("十") == 10
    assert formats.repair_digits("Z33l0O", range(1, 6)) == ("Z33100", ["l→1", "O→0"])
