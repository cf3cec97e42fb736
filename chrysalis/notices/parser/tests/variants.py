"""Realistic pastes for the parser tests, written for them (no real person's data: numbers are
generated with valid check digits where the test needs them valid).

Each variant: (id, text, expected) where expected is a list with one dict per notice: the kind, and the
fields to compare exactly ("?name" means: present and flagged uncertain; "-name": absent).
"""

from __future__ import annotations

SEED = "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z3310000378202，声明作废。"
SEED_FIELDS = {
    "kind": "lost",
    "declarant": "中国共产主义青年团浙江省建设厅委员会",
    "item": "银行开户许可证",
    "number_label": "核准号",
    "number": "Z3310000378202",
    "declaration": "声明作废",
}
U1 = "91330106MA2B3C4D11"
U2 = "91330105MA27QW8K08"
U3 = "91330108MA2H0J1K8C"
U4 = "91330102143021562U"
ID1 = "110101199003074573"

VARIANTS: list[tuple[str, str, list[dict]]] = [
    ("seed", "分类 信息\n联系电话:(0571)85310538\n### 遗失声明\n" + SEED + "\n", [SEED_FIELDS]),
    ("half_width", SEED.replace("，", ",").replace("。", "."), [SEED_FIELDS]),
    ("full_width_colon", SEED.replace(":", "："), [SEED_FIELDS]),
    ("no_colon", SEED.replace(":", ""), [SEED_FIELDS]),
    ("full_width_digits", SEED.replace("Z3310000378202", "Ｚ３３１００００３７８２０２"), [SEED_FIELDS]),
    (
        "spaced_ocr",
        "中国共产主义青年团浙江省建设厅委员会 遗失银行开户许可证 ， "
        "核 准 号 ： Z331 0000 3782 02 ，声明作废 。",
        [SEED_FIELDS],
    ),
    (
        "ocr_l_for_1",
        SEED.replace("Z3310000378202", "Z33l0000378202"),
        [SEED_FIELDS | {"?number": True}],
    ),
    (
        "ocr_O_for_0",
        SEED.replace("Z3310000378202", "Z331OOOO378202"),
        [SEED_FIELDS | {"?number": True}],
    ),
    ("ocr_declaration_typo", SEED.replace("声明作废", "声明做废"), [SEED_FIELDS | {"?declaration": True}]),
    (
        "ocr_specks",
        "中国共产主义青年团浙江省建设厅委员会·遗失银行开户许可证■，核准号:Z3310000378202，声明作废。",
        [SEED_FIELDS],
    ),
    (
        "line_break_inside",
        "中国共产主义青年团浙江省建设厅\n委员会遗失银行开户许可证，核准号:Z33100\n00378202，声明作废。",
        [SEED_FIELDS],
    ),
    (
        "licence_with_bank",
        "杭州明远科技有限公司遗失中国工商银行杭州湖墅支行核发的开户许可证，核准号：J3310000123401，声明作废。",
        [
            {
                "kind": "lost",
                "declarant": "杭州明远科技有限公司",
                "authority": "中国工商银行杭州湖墅支行",
                "item": "开户许可证",
                "number_label": "核准号",
                "number": "J3310000123401",
            }
        ],
    ),
    (
        "licence_bare_number",
        "杭州明远科技有限公司遗失银行开户许可证J3310000123401，声明作废。",
        [{"kind": "lost", "number": "J3310000123401", "?number": True}],
    ),
    (
        "business_licence_zhenghao",
        f"杭州小溪餐饮管理有限公司遗失营业执照正副本，证号：{U2}，声明作废。",
        [
            {
                "kind": "lost",
                "declarant": "杭州小溪餐饮管理有限公司",
                "item": "营业执照正副本",
                "number_label": "证号",
                "number": U2,
            }
        ],
    ),
    (
        "business_licence_uscc_label",
        f"杭州小溪餐饮管理有限公司遗失营业执照副本一本，统一社会信用代码:{U2}，声明作废。",
        [
            {
                "kind": "lost",
                "item": "营业执照副本",
                "number_label": "统一社会信用代码",
                "number": U2,
                "uscc": U2,
            }
        ],
    ),
    (
        "seal_bianhao",
        "杭州小溪餐饮管理有限公司不慎遗失公章一枚，编号3301050089123，声明作废。",
        [{"kind": "lost", "item": "公章", "number_label": "编号", "number": "3301050089123"}],
    ),
    (
        "id_card_haoma",
        f"王小明遗失居民身份证，号码：{ID1}，声明作废。",
        [
            {
                "kind": "lost",
                "declarant": "王小明",
                "item": "居民身份证",
                "number_label": "号码",
                "number": ID1,
            }
        ],
    ),
    (
        "person_benren_date",
        "本人王小明于2026年3月1日在西湖区不慎遗失工作证一本，编号：HZ2026017，特此声明。",
        [
            {
                "kind": "lost",
                "declarant": "王小明",
                "item": "工作证",
                "number": "HZ2026017",
                "declaration": "特此声明",
            }
        ],
    ),
    (
        "ocr_letters_in_seal_number",
        "杭州云栖文化传媒有限公司遗失公章一枚，编号：33OlO60012345，声明作废。",
        [{"kind": "lost", "number": "33OLO60012345", "?number": True}],
    ),
    (
        "several_items",
        "杭州明远科技有限公司遗失公章、财务章、合同章各一枚，声明作废。",
        [
            {
                "kind": "lost",
                "declarant": "杭州明远科技有限公司",
                "item": "公章、财务章、合同章",
                "-number": True,
            }
        ],
    ),
    (
        "invoice_two_numbers",
        "杭州明远科技有限公司遗失增值税专用发票一份，发票代码：3300191130，发票号码：01234567，声明作废。",
        [{"kind": "lost", "item": "增值税专用发票", "number_label": "发票代码", "number": "3300191130"}],
    ),
    (
        "declarant_with_uscc",
        f"杭州明远科技有限公司（统一社会信用代码：{U1}）遗失财务专用章一枚，声明作废。",
        [{"kind": "lost", "declarant": "杭州明远科技有限公司", "uscc": U1, "item": "财务专用章"}],
    ),
    (
        "several_lines",
        SEED
        + "\n杭州明远科技有限公司遗失公章一枚，声明作废。\n王小明遗失工作证，编号：HZ2026017，声明作废。\n",
        [SEED_FIELDS, {"item": "公章"}, {"declarant": "王小明", "item": "工作证"}],
    ),
    (
        "several_one_line",
        SEED + "杭州明远科技有限公司遗失公章一枚，声明作废。王小明遗失工作证，编号：HZ2026017，声明作废。",
        [SEED_FIELDS, {"item": "公章"}, {"declarant": "王小明"}],
    ),
    (
        "continued_without_declarant",
        "杭州明远科技有限公司遗失公章一枚，声明作废。遗失财务章一枚，声明作废。",
        [{"item": "公章"}, {"declarant": "杭州明远科技有限公司", "?declarant": True, "item": "财务章"}],
    ),
    (
        "bracket_heading",
        "【遗失声明】\n" + SEED,
        [SEED_FIELDS],
    ),
    (
        "void_notice",
        "杭州市西湖区文三路小学原公章（编号：3301060012345）即日起作废。",
        [{"kind": "void", "declarant": "杭州市西湖区文三路小学", "item": "公章", "number": "3301060012345"}],
    ),
    (
        "deregistration_full",
        f"杭州明远科技有限公司注销公告\n杭州明远科技有限公司（统一社会信用代码：{U1}）经股东会决议，决定注销本公司。"
        "请债权人自接到通知书之日起30日内，未接到通知书的自本公告之日起45日内向本公司清算组申报债权。\n"
        "联系人：李明，联系电话：13905710000。\n特此公告。\n杭州明远科技有限公司清算组\n2026年3月5日",
        [
            {
                "kind": "deregistration",
                "company": "杭州明远科技有限公司",
                "uscc": U1,
                "reason": "经股东会决议",
                "creditor_days": "45",
                "phone": "13905710000",
            }
        ],
    ),
    (
        "deregistration_cn_days",
        f"### 注销公告\n杭州小溪餐饮管理有限公司（统一社会信用代码{U2}）因营业期限届满，经股东决定解散，"
        "请债权人自本公告之日起四十五日内申报债权。特此公告。",
        [
            {
                "kind": "deregistration",
                "company": "杭州小溪餐饮管理有限公司",
                "creditor_days": "45",
                "reason": "因营业期限届满",
            }
        ],
    ),
    (
        "deregistration_default_days",
        f"杭州小溪餐饮管理有限公司注销公告：本公司（统一社会信用代码：{U2}）经股东会决议注销，请债权人及时向清算组申报债权。特此公告。",
        [{"kind": "deregistration", "company": "杭州小溪餐饮管理有限公司", "creditor_days": "45"}],
    ),
    (
        "simple_deregistration_labelled",
        f"简易注销公告\n企业名称：杭州小溪餐饮管理有限公司\n统一社会信用代码：{U2}\n"
        "登记机关：杭州市拱墅区市场监督管理局\n公告期：2026年3月1日至2026年3月20日",
        [
            {
                "kind": "simple_deregistration",
                "company": "杭州小溪餐饮管理有限公司",
                "uscc": U2,
                "authority": "杭州市拱墅区市场监督管理局",
                "period_start": "2026-03-01",
                "period_end": "2026-03-20",
                "creditor_days": "20",
            }
        ],
    ),
    (
        "simple_deregistration_prose",
        f"杭州小溪餐饮管理有限公司（统一社会信用代码：{U2}）拟向杭州市拱墅区市场监督管理局申请简易注销登记，"
        "公告期自2026年4月1日至4月20日。",
        [
            {
                "kind": "simple_deregistration",
                "company": "杭州小溪餐饮管理有限公司",
                "authority": "杭州市拱墅区市场监督管理局",
                "period_end": "2026-04-20",
            }
        ],
    ),
    (
        "capital_reduction",
        f"浙江华泰机械股份有限公司减资公告：本公司（统一社会信用代码：{U3}）经股东大会决议，注册资本由5000万元减少至3000万元，"
        "请债权人自本公告见报之日起四十五日内要求本公司清偿债务或提供担保。联系电话：0571-88886666。特此公告。",
        [
            {
                "kind": "capital_reduction",
                "company": "浙江华泰机械股份有限公司",
                "uscc": U3,
                "capital_before": "5000",
                "capital_after": "3000",
                "creditor_days": "45",
                "phone": "0571-88886666",
            }
        ],
    ),
    (
        "capital_reduction_yuan",
        "杭州明远科技有限公司减资公告\n经股东会决议，本公司注册资本由人民币5,000,000元减至人民币1,250,000元。"
        "请债权人自本公告之日起45日内要求本公司清偿债务或者提供相应的担保。特此公告。",
        [{"kind": "capital_reduction", "capital_before": "500", "capital_after": "125"}],
    ),
    (
        "merger_absorb",
        "合并公告\n经股东会决议，杭州甲乙贸易有限公司吸收合并杭州丙丁物流有限公司，合并后杭州甲乙贸易有限公司存续，"
        "杭州丙丁物流有限公司解散。请债权人自本公告之日起45日内申报债权。特此公告。",
        [
            {
                "kind": "merger",
                "parties": "杭州甲乙贸易有限公司、杭州丙丁物流有限公司",
                "survivor": "杭州甲乙贸易有限公司",
                "creditor_days": "45",
            }
        ],
    ),
    (
        "names_with_stop_characters",
        "合并公告\n经股东会决议，杭州和泰现代物流有限公司吸收合并宁波因特与众贸易有限公司，"
        "合并后杭州和泰现代物流有限公司存续。请债权人自本公告之日起45日内申报债权。特此公告。",
        [
            {
                "kind": "merger",
                "parties": "杭州和泰现代物流有限公司、宁波因特与众贸易有限公司",
                "survivor": "杭州和泰现代物流有限公司",
            }
        ],
    ),
    (
        "name_with_group_brackets",
        "杭州东方（集团）有限公司注销公告\n杭州东方（集团）有限公司经股东会决议，决定注销本公司。"
        "请债权人自本公告之日起45日内申报债权。特此公告。",
        [{"kind": "deregistration", "company": "杭州东方（集团）有限公司", "creditor_days": "45"}],
    ),
    (
        "split",
        f"杭州东方集团有限公司分立公告：杭州东方集团有限公司（统一社会信用代码：{U4}）经股东会决议，分立为"
        "杭州东方实业有限公司和杭州东方置业有限公司，原公司债务由分立后的公司承担连带责任。特此公告。",
        [
            {
                "kind": "split",
                "company": "杭州东方集团有限公司",
                "uscc": U4,
                "parties": "杭州东方实业有限公司、杭州东方置业有限公司",
                "-creditor_days": True,
            }
        ],
    ),
    (
        "other_notice",
        "### 公告\n迁坟公告：因道路建设需要，请西湖区转塘街道某某山坟主于2026年5月31日前自行迁移。特此公告。",
        [{"kind": "other"}],
    ),
    (
        "mixed_page",
        "分类信息\n### 遗失声明\n"
        + SEED
        + "\n### 注销公告\n"
        + f"杭州小溪餐饮管理有限公司（统一社会信用代码：{U2}）经股东会决议解散，"
        + "请债权人自本公告之日起45日内申报债权。特此公告。\n"
        + "### 减资公告\n杭州明远科技有限公司经股东会决议，注册资本由1000万元减至500万元，"
        + "请债权人自本公告之日起45日内申报。特此公告。",
        [SEED_FIELDS, {"kind": "deregistration"}, {"kind": "capital_reduction", "capital_after": "500"}],
    ),
]

# Bad input: (id, text, expected message codes, expected number of notices)
BAD: list[tuple[str, str, set[str], int]] = [
    ("nothing", "今天天气很好", {"unreadable"}, 0),
    ("empty", "   \n  ", {"empty"}, 0),
    (
        "bad_uscc_check",
        f"杭州明远科技有限公司遗失营业执照副本，统一社会信用代码：{U1[:-1]}2，声明作废。",
        {"bad_uscc"},
        1,
    ),
    ("bad_licence", SEED.replace("Z3310000378202", "Z33100003782"), {"bad_licence"}, 1),
    ("no_declarant", "遗失银行开户许可证，核准号：Z3310000378202，声明作废。", {"no_declarant"}, 1),
    ("bad_phone", "联系电话：0571-853\n" + SEED, {"bad_phone"}, 1),
    (
        "capital_up",
        "杭州明远科技有限公司减资公告：注册资本由500万元减至800万元。特此公告。",
        {"capital_not_reduced"},
        1,
    ),
    ("bad_id", f"王小明遗失居民身份证，号码：{ID1[:-1]}9，声明作废。", {"bad_id"}, 1),
]
