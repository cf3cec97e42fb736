"""The metric catalogue (loaded by migration 0002 and by `ensure_catalogue`)."""

from __future__ import annotations

METRICS = [
    (
        "visitors",
        "游客接待量",
        "person_times",
        "到访村域的游客人次，按售票、运营商大数据或抽样调查估算；同一人一日多次进出计一次。",
        10,
    ),
    ("tourism_revenue", "旅游收入", "wan_yuan", "游客在村域内住宿、餐饮、门票、购物、娱乐的消费总额。", 20),
    ("farm_sales", "农产品销售额", "wan_yuan", "村域内农产品（含茶叶）的销售总额，含线上销售。", 30),
    (
        "collective_income",
        "村集体经济收入",
        "wan_yuan",
        "村集体经营性、财产性及补助性收入合计，以农业农村部门口径为准。",
        40,
    ),
    ("jobs", "带动就业人数", "persons", "项目与入驻主体在期末的在岗人数（含本村村民）。", 50),
    ("private_investment", "社会资本投资额", "wan_yuan", "期内到位的民间与社会资本投资。", 60),
    ("firms_settled", "入驻主体数", "firms", "期内新入驻的民宿、餐饮、文创等经营主体数量。", 70),
    (
        "overnight_visitors",
        "过夜游客人次",
        "person_times",
        "在村域内住宿至少一晚的游客人次，以民宿与酒店入住登记为准。",
        15,
    ),
    ("event_attendance", "活动参与人次", "person_times", "节庆与美育活动的参与人次（来自活动模块）。", 80),
    ("box_office", "演出票房", "wan_yuan", "节庆演出与活动的票房收入（来自活动模块）。", 90),
]


def ensure_catalogue(metric_model) -> int:
    created = 0
    for code, name, unit, definition, position in METRICS:
        _, made = metric_model.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "definition": definition, "position": position}
        )
        created += made
    return created
