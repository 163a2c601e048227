"""Closed vocabularies, each value with a Japanese and an English label.

Values are lowercase ASCII strings (what the tables store); ``ja`` and ``en``
are the labels shown in the codebook.
"""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):
    """A string enum whose members carry ``ja`` and ``en`` labels."""

    ja: str
    en: str

    def __new__(cls, value: str, ja: str = "", en: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.ja = ja
        member.en = en
        return member

    def __str__(self) -> str:
        return str(self.value)


class DatePrecision(LabelledEnum):
    """How much of a stored date the document states."""

    day = ("day", "日まで", "the day is stated")
    month = ("month", "月まで", "only the month is stated; the date is its first day")
    year = ("year", "年まで", "only the year is stated; the date is 1 January")


class SourceKind(LabelledEnum):
    """What kind of document a source is."""

    council_minutes = ("council_minutes", "議会会議録", "council minutes")
    inspection_report = ("inspection_report", "行政視察報告書", "inspection (study-visit) report")
    strategy_plan = ("strategy_plan", "計画・戦略", "strategy or plan")
    meeting_minutes = ("meeting_minutes", "会議の議事録", "meeting minutes")
    organization_page = ("organization_page", "団体のウェブページ", "organization web page")
    statistical_table = ("statistical_table", "統計表・公表データ", "published statistical table")
    survey_results = ("survey_results", "調査結果", "published survey results")
    code_list = ("code_list", "コード表・変更履歴", "code list or its history of changes")


class MunicipalityKind(LabelledEnum):
    """The kind of local government."""

    prefecture = ("prefecture", "都道府県", "prefecture")
    designated_city = ("designated_city", "政令指定都市", "designated city")
    city = ("city", "市", "city")
    special_ward = ("special_ward", "特別区", "special ward of Tokyo")
    town = ("town", "町", "town")
    village = ("village", "村", "village")


class OrganizationKind(LabelledEnum):
    """The kind of non-municipal actor or named body."""

    company = ("company", "企業", "company")
    nonprofit = ("nonprofit", "非営利法人(NPO法人・一般社団法人等)", "nonprofit organization")
    consortium = ("consortium", "共同企業体・コンソーシアム", "consortium or joint venture")
    council = ("council", "協議会・検討会", "council or committee")
    university = ("university", "大学・研究機関", "university or research institute")
    department = ("department", "自治体の部局・機関", "department or agency of a local government")
    ministry = ("ministry", "国の府省庁", "national ministry or agency")
    assembly = ("assembly", "議会・会派", "assembly or council caucus")
    other = ("other", "その他", "other")


class ProgramKind(LabelledEnum):
    """What kind of thing a program row is."""

    plan = ("plan", "計画・戦略", "plan or strategy")
    basic_goal = ("basic_goal", "基本目標", "basic goal of a plan")
    pillar = ("pillar", "施策の柱", "pillar (policy direction) under a goal")
    priority_action = ("priority_action", "重点取組", "priority action")
    major_project = ("major_project", "主要事業", "major project of a plan")
    program = ("program", "事業", "program (事業)")
    service = ("service", "サービス", "public service")
    app = ("app", "アプリ", "app")
    system = ("system", "情報システム", "information system")
    facility = ("facility", "施設", "facility")
    pilot = ("pilot", "実証事業", "pilot or demonstration project")
    initiative = ("initiative", "取組", "initiative")
    policy_document = ("policy_document", "方針・指針", "policy document or guideline")
    law = ("law", "法律", "law")


class Status(LabelledEnum):
    """What the document says about whether a program or procedure is running."""

    planned = ("planned", "計画中", "planned")
    active = ("active", "実施中", "active")
    pilot = ("pilot", "試行・実証中", "in a pilot")
    under_study = ("under_study", "検討中", "under study")
    suspended = ("suspended", "休止・中止", "suspended or stopped")
    ended = ("ended", "終了", "ended")


class PolicyField(LabelledEnum):
    """Policy fields of a program (several may apply)."""

    administration = ("administration", "行政・自治体DX", "public administration and municipal DX")
    front_office = ("front_office", "窓口", "front office (counters)")
    digital_talent = ("digital_talent", "デジタル人材", "digital talent")
    industry = ("industry", "産業・中小企業", "industry and small business")
    startup = ("startup", "創業", "startups")
    agriculture = ("agriculture", "農業", "agriculture")
    tourism = ("tourism", "観光", "tourism")
    childcare = ("childcare", "子育て", "childcare")
    education = ("education", "教育", "education")
    health_welfare = ("health_welfare", "保健・医療・福祉", "health and welfare")
    disaster_prevention = ("disaster_prevention", "防災・消防", "disaster prevention")
    mobility = ("mobility", "交通", "mobility and transport")
    logistics = ("logistics", "物流・配送", "logistics and delivery")
    security = ("security", "情報セキュリティ", "information security")
    community = ("community", "地域コミュニティ・多文化共生", "community and multicultural life")
    migration = ("migration", "移住・関係人口", "migration and related population")
    infrastructure = ("infrastructure", "インフラ", "infrastructure")
    data_utilization = ("data_utilization", "データ利活用", "data utilization")
    employment = ("employment", "雇用・就労", "employment")
    urban_planning = (
        "urban_planning",
        "まちづくり・都市計画",
        "urban planning and town development",
    )
    energy = ("energy", "エネルギー", "energy")
    regional_revitalization = (
        "regional_revitalization",
        "地方創生(分野横断)",
        "regional revitalization (across fields)",
    )
    gender_equality = ("gender_equality", "女性活躍・男女共同参画", "gender equality")


class ParticipantCategory(LabelledEnum):
    """Who or what a participant count counts."""

    learners = ("learners", "受講者", "learners")
    members = ("members", "会員", "members")
    partners = ("partners", "パートナー", "partners")
    attendees = ("attendees", "参加者", "attendees")
    appointees = ("appointees", "委嘱・任命された人", "appointees")
    staff = ("staff", "職員・人員", "staff")
    municipalities = ("municipalities", "市区町村", "municipalities")
    prefectures = ("prefectures", "都道府県", "prefectures")
    regions = ("regions", "地域", "regions")
    organizations = ("organizations", "団体・事業者", "organizations")


class Qualifier(LabelledEnum):
    """How exact a stated number is."""

    exact = ("exact", "ちょうど(限定なし)", "exact")
    approximately = ("approximately", "約", "approximately")
    at_least = ("at_least", "以上", "at least")
    at_most = ("at_most", "以下・未満", "at most")


class Direction(LabelledEnum):
    """Which way a KPI should move."""

    increase = ("increase", "増加", "increase")
    decrease = ("decrease", "減少", "decrease")
    maintain = ("maintain", "維持", "maintain")


class Channel(LabelledEnum):
    """How a procedure is carried out."""

    mynaportal = ("mynaportal", "マイナポータル", "Mynaportal (national online portal)")
    municipal_online = (
        "municipal_online",
        "自治体独自のオンライン申請",
        "municipal online service",
    )
    convenience_store = ("convenience_store", "コンビニ交付", "convenience-store issuance")
    assisted_counter = ("assisted_counter", "書かない窓口", "assisted counter (no forms to fill)")
    facility_reservation = ("facility_reservation", "施設予約", "facility reservation")
    moving_one_stop = ("moving_one_stop", "引越しワンストップ", "moving one-stop service")
    eltax = ("eltax", "eLTAX(地方税共通納税)", "eLTAX (local tax portal)")
    cashless_payment = ("cashless_payment", "キャッシュレス決済", "cashless payment")
    counter = ("counter", "窓口", "counter (in person)")
    online = (
        "online",
        "オンライン(複数の方法の合計)",
        "online, across several channels (a stated total)",
    )


class ChangeKind(LabelledEnum):
    """The kind of a change of municipal codes or names, as e-Stat's 改正事由 words it."""

    designated_city = ("designated_city", "政令指定都市施行", "became a designated city")
    ward_creation = ("ward_creation", "区の新設", "wards created")
    county_creation = ("county_creation", "郡の新設", "county created")
    county_abolition = ("county_abolition", "郡の廃止", "county abolished")
    subprefecture_abolition = ("subprefecture_abolition", "支庁の廃止", "subprefecture abolished")
    absorption = ("absorption", "編入合併", "absorbed into another municipality")
    new_merger = ("new_merger", "新設合併", "merged into a newly created municipality")
    city_status = ("city_status", "市制施行", "became a city")
    town_status = ("town_status", "町制施行", "became a town")
    rename = ("rename", "名称変更（改称）", "renamed")
    reading_change = ("reading_change", "名称変更（読み）", "reading of the name changed")
    city_status_renamed = (
        "city_status_renamed",
        "市制施行し名称変更",
        "became a city and was renamed at once",
    )
    town_status_renamed = (
        "town_status_renamed",
        "町制施行し名称変更",
        "became a town and was renamed at once",
    )
    renamed_city_status = (
        "renamed_city_status",
        "名称変更し市制施行",
        "renamed and became a city at once",
    )
    renamed_town_status = (
        "renamed_town_status",
        "名称変更し町制施行",
        "renamed and became a town at once",
    )
    special_city = ("special_city", "特例市に移行", "became a special city (特例市)")
    core_city = ("core_city", "中核市に移行", "became a core city (中核市)")
    special_to_core_city = (
        "special_to_core_city",
        "特例市から中核市に移行",
        "special city became a core city",
    )
    county_transfer = ("county_transfer", "郡の区域変更", "moved to another county")
    subprefecture_transfer = (
        "subprefecture_transfer",
        "区域変更（支庁）",
        "moved to another subprefecture",
    )
    ward_split = ("ward_split", "分離し新設", "new wards split off an existing ward")
    ward_merger = ("ward_merger", "統合し新設", "wards merged into a new ward")
    ward_division = ("ward_division", "分割し新設", "a ward divided into new wards")
    ward_reorganisation = ("ward_reorganisation", "区の再編", "wards of a city reorganised")


class IndicatorKind(LabelledEnum):
    """What kind of value a national indicator has."""

    answer = ("answer", "回答(単一)", "one answer from the indicator's closed vocabulary")
    answers = ("answers", "回答(複数可)", "any number of answers from the indicator's vocabulary")
    percent = ("percent", "割合(%)", "a percentage, 0–100")
    count_ = ("count", "数", "a count")  # the member name `count` is str.count
    number = ("number", "数値", "another number (its unit says what)")
    text = ("text", "文字列", "text as published (an address, a name)")
