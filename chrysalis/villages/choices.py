from django.db import models
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role

# Who works in this module: district administrators everywhere, street staff (service officers) on
# their street, village operators (艺术村长) on the villages they are paired with.
VILLAGE_ROLES = (Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.VILLAGE_OPERATOR)
# Who reviews figures and approves plans: the street (or the district), never the operator.
REVIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER)


class Element(models.TextChoices):
    """The six elements of rural tourism, 吃住行游购娱."""

    EAT = "eat", _("Food (restaurants)")
    STAY = "stay", _("Lodging (homestays)")
    TRAVEL = "travel", _("Transport")
    TOUR = "tour", _("Sights (attractions)")
    SHOP = "shop", _("Shopping")
    ENTERTAIN = "entertain", _("Entertainment")


class CapacityUnit(models.TextChoices):
    BEDS = "beds", _("beds")
    SEATS = "seats", _("seats")
    VISITORS_PER_DAY = "visitors_day", _("visitors per day")
    VEHICLES = "vehicles", _("vehicles")
    SHOPS = "shops", _("shops")


class Unit(models.TextChoices):
    PERSON_TIMES = "person_times", _("person-times")
    TEN_THOUSAND_YUAN = "wan_yuan", _("10,000 yuan")
    PERSONS = "persons", _("persons")
    FIRMS = "firms", _("firms")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class Source(models.TextChoices):
    TICKETING = "ticketing", _("Ticketing system")
    TELECOM = "telecom", _("Telecom signalling data")
    SURVEY = "survey", _("Sample survey estimate")
    STATISTICS = "statistics", _("Statistics bureau")
    OPERATOR = "operator", _("Operator report")
    EVENTS = "events", _("Events module")


class FigureStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    REVIEWED = "reviewed", _("Reviewed")
    RETURNED = "returned", _("Returned")


class FigureEvent(models.TextChoices):
    REVIEW = "review", _("Confirm")
    RETURN = "return", _("Return")
    RESUBMIT = "resubmit", _("Resubmit")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    EXECUTING = "executing", _("In execution")
    EVALUATED = "evaluated", _("Evaluated")


class PlanEvent(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for revision")
    START = "start", _("Start execution")
    EVALUATE = "evaluate", _("Evaluate")


class OperatorKind(models.TextChoices):
    PERSON = "person", _("Person")
    STUDIO = "studio", _("Studio / team")


class ProjectKind(models.TextChoices):
    INCUBATION = "incubation", _("Talent-incubation base")
    PARK = "park", _("Park renovation")
    STREETSCAPE = "streetscape", _("Streetscape improvement")
    ROUTE = "route", _("Visitor route")
    ART = "art", _("Art project")
    OTHER = "other", _("Other")


class ProjectStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONSTRUCTION = "construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    OPERATING = "operating", _("Operating")


# A project moves one stage forward at a time.
NEXT_STAGE: dict[str, str] = {
    ProjectStage.PLANNED: ProjectStage.CONSTRUCTION,
    ProjectStage.CONSTRUCTION: ProjectStage.COMPLETED,
    ProjectStage.COMPLETED: ProjectStage.OPERATING,
}


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
