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
    published_list = (
        "published_list",
        "公表された一覧",
        "published list of entries (a contest's entries, programs)",
    )


class MunicipalityKind(LabelledEnum):
    """The kind of local government."""

    prefecture = ("prefecture", "都道府県", "prefecture")
    designated_city = ("designated_city", "政令指定都市", "designated city")
    city = ("city", "市", "city")
    special_ward = ("special_ward", "特別区", "special ward of Tokyo")
    ward = ("ward", "行政区", "ward of a designated city")
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


class ProgramCategory(LabelledEnum):
    """The category (部門) a published list files a program under; the Japanese label is the
    list's own wording. The divisions of 夏のDigi田甲子園 2022."""

    implementation_designated_core_city = (
        "implementation_designated_core_city",
        "実装部門（指定都市・中核市・施行時特例市等）",
        "implemented, by a designated city, core city, former special-case city or similar",
    )
    implementation_other_city = (
        "implementation_other_city",
        "実装部門（上記を除く市）",
        "implemented, by another city",
    )
    implementation_town_village = (
        "implementation_town_village",
        "実装部門（町・村）",
        "implemented, by a town or village",
    )
    idea = ("idea", "アイデア部門", "idea")


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


class ProcedureType(LabelledEnum):
    """The national online-application procedures of デジタル庁's 自治体DX推進状況ダッシュボード.

    One member per procedure whose online-application usage rate the dashboard publishes:
    the 32 frequently used procedures (よく使う32手続), then the 26 childcare and long-term
    care procedures (子育て・介護の26手続), 58 in all. The municipal file publishes 52 of them
    (26 of the 32 and the 26), the prefectural file 30 of the 32. The Japanese label is the
    procedure's name exactly as the dashboard publishes it; the English one is a rendering
    (the dashboard gives Japanese only). Each procedure's indicator names its member in
    indicators.procedure_type; procedures.procedure_types links a curated procedure to the
    members it is or includes, as the curator classifies it.
    """

    # The 32 frequently used procedures (よく使う32手続), in the order of the rate files.
    library_reservation = (
        "library_reservation",
        "図書館の図書貸出予約等",
        "Library loan reservations",
    )
    facility_reservation = (
        "facility_reservation",
        "文化・スポーツ施設等の利用予約等",
        "Reservations of cultural and sports facilities",
    )
    event_application = (
        "event_application",
        "研修・講習・各種イベント等の申込",
        "Applications for training, courses and events",
    )
    local_tax_eltax = ("local_tax_eltax", "地方税申告手続（eLTAX）", "Local tax returns (eLTAX)")
    vehicle_tax_environmental_levy = (
        "vehicle_tax_environmental_levy",
        "自動車税環境性能割の申告納付",
        "Return and payment of the automobile tax environmental performance levy",
    )
    vehicle_tax_report = (
        "vehicle_tax_report",
        "自動車税の賦課徴収に関する事項の申告又は報告",
        "Returns or reports on the assessment and collection of the automobile tax",
    )
    vehicle_tax_address_change = (
        "vehicle_tax_address_change",
        "自動車税住所変更届",
        "Change of address for the automobile tax",
    )
    water_service_start = (
        "water_service_start",
        "水道使用開始届等",
        "Notice to start water service",
    )
    port_procedures = ("port_procedures", "港湾関係手続", "Port procedures")
    road_occupancy_permit = (
        "road_occupancy_permit",
        "道路占用許可申請等",
        "Applications for road occupancy permits",
    )
    road_use_permit = ("road_use_permit", "道路使用許可の申請", "Applications for road use permits")
    parking_space_certificate = (
        "parking_space_certificate",
        "自動車の保管場所証明の申請",
        "Applications for a vehicle parking-space certificate",
    )
    parking_permit = ("parking_permit", "駐車の許可の申請", "Applications for parking permits")
    building_confirmation = (
        "building_confirmation",
        "建築確認",
        "Building confirmation (建築確認)",
    )
    bulky_waste_collection = (
        "bulky_waste_collection",
        "粗大ごみ収集の申込",
        "Applications for bulky waste collection",
    )
    industrial_waste_report = (
        "industrial_waste_report",
        "産業廃棄物の処理、運搬の実績報告",
        "Reports on industrial waste treatment and transport",
    )
    dog_registration = (
        "dog_registration",
        "犬の登録申請、死亡届",
        "Dog registration and notice of a dog's death",
    )
    infectious_disease_report = (
        "infectious_disease_report",
        "感染症調査報告",
        "Infectious disease survey reports",
    )
    recruitment_exam = (
        "recruitment_exam",
        "職員採用試験申込",
        "Applications for staff recruitment examinations",
    )
    bidder_qualification = (
        "bidder_qualification",
        "入札参加資格審査申請等",
        "Applications for bidder qualification review",
    )
    bidding = ("bidding", "入札", "Bidding")
    absentee_ballot_request = (
        "absentee_ballot_request",
        "衆議院・参議院選挙の不在者投票用紙等の請求",
        "Requests for absentee ballot papers in national Diet elections",
    )
    disaster_victim_certificate = (
        "disaster_victim_certificate",
        "罹災証明書の発行申請",
        "Applications for a disaster victim certificate (罹災証明書)",
    )
    temporary_housing = (
        "temporary_housing",
        "応急仮設住宅の入居申請",
        "Applications to move into emergency temporary housing",
    )
    emergency_repair = (
        "emergency_repair",
        "応急修理の実施申請",
        "Applications for emergency repair of a damaged home",
    )
    debris_removal = (
        "debris_removal",
        "障害物除去の実施申請",
        "Applications for removal of obstacles (debris) from a home",
    )
    disaster_condolence_grant = (
        "disaster_condolence_grant",
        "災害弔慰金の支給申請",
        "Applications for a disaster condolence grant",
    )
    disaster_disability_grant = (
        "disaster_disability_grant",
        "災害障害見舞金の支給申請",
        "Applications for a disaster disability grant",
    )
    disaster_relief_loan = (
        "disaster_relief_loan",
        "災害援護資金の貸付申請",
        "Applications for a disaster relief loan",
    )
    livelihood_recovery_grant = (
        "livelihood_recovery_grant",
        "被災者生活再建支援金の支給申請",
        "Applications for a livelihood recovery grant for disaster victims",
    )
    moving_out = ("moving_out", "転出届", "Notice of moving out (転出届)")
    moving_in_visit_notice = (
        "moving_in_visit_notice",
        "転入予定市区町村への来庁予定の連絡",
        "Advance notice of a visit to the office of the municipality one moves to",
    )
    # The 26 childcare and long-term care procedures (子育て・介護の26手続).
    child_allowance_claim = (
        "child_allowance_claim",
        "児童手当等の受給資格及び児童手当の額についての認定請求",
        "Claim for certification of eligibility for and amount of the child allowance",
    )
    child_allowance_revision = (
        "child_allowance_revision",
        "児童手当等の額の改定の請求及び届出",
        "Claim and notice for revision of the child allowance amount",
    )
    child_allowance_details_change = (
        "child_allowance_details_change",
        "氏名変更／住所変更等の届出",
        "Notice of a change of name, address, etc. (child allowance)",
    )
    child_allowance_eligibility_end = (
        "child_allowance_eligibility_end",
        "受給事由消滅の届出",
        "Notice that eligibility for the child allowance has ended",
    )
    child_allowance_unpaid_claim = (
        "child_allowance_unpaid_claim",
        "未支払の児童手当等の請求",
        "Claim for unpaid child allowance",
    )
    child_allowance_donation = (
        "child_allowance_donation",
        "児童手当等に係る寄附の申出",
        "Offer to donate the child allowance",
    )
    child_allowance_donation_change = (
        "child_allowance_donation_change",
        "児童手当に係る寄附変更等の申出",
        "Offer to change a donation of the child allowance",
    )
    school_meal_fee_deduction = (
        "school_meal_fee_deduction",
        "受給資格者の申出による学校給食費等の徴収等の申出",
        "Request by the recipient that school meal fees etc. be collected from the allowance",
    )
    school_meal_fee_deduction_change = (
        "school_meal_fee_deduction_change",
        "受給資格者の申出による学校給食費等の徴収等の変更等の申出",
        "Request by the recipient to change the collection of school meal fees etc.",
    )
    child_allowance_status_report = (
        "child_allowance_status_report",
        "児童手当等の現況届",
        "Child allowance current-status report",
    )
    childcare_benefit_certification = (
        "childcare_benefit_certification",
        "支給認定の申請",
        "Application for certification of eligibility for childcare benefits (支給認定)",
    )
    childcare_facility_application = (
        "childcare_facility_application",
        "保育施設等の利用申込",
        "Application to use childcare facilities",
    )
    childcare_facility_status_report = (
        "childcare_facility_status_report",
        "保育施設等の現況届",
        "Childcare facility current-status report",
    )
    child_rearing_allowance_status_report = (
        "child_rearing_allowance_status_report",
        "児童扶養手当の現況届の事前送信",
        "Advance submission of the child-rearing allowance current-status report",
    )
    pregnancy_notice = ("pregnancy_notice", "妊娠の届出", "Notice of pregnancy")
    care_need_certification = (
        "care_need_certification",
        "要介護・要支援認定の申請",
        "Application for certification of long-term care or support need",
    )
    care_need_renewal = (
        "care_need_renewal",
        "要介護・要支援更新認定の申請",
        "Application for renewed certification of long-term care or support need",
    )
    care_need_level_change = (
        "care_need_level_change",
        "要介護・要支援状態区分変更認定の申請",
        "Application for a change of the certified care or support level",
    )
    care_plan_request = (
        "care_plan_request",
        "居宅（介護予防）サービス計画作成（変更）依頼の届出",
        "Notice of a request to draw up (or change) a home care (preventive care) service plan",
    )
    care_copayment_certificate_reissue = (
        "care_copayment_certificate_reissue",
        "介護保険負担割合証の再交付申請",
        "Application to reissue the long-term care insurance co-payment certificate",
    )
    care_insurance_card_reissue = (
        "care_insurance_card_reissue",
        "被保険者証の再交付申請",
        "Application to reissue the insured person's card (long-term care insurance)",
    )
    high_cost_care_benefit = (
        "high_cost_care_benefit",
        "高額介護（予防）サービス費の支給申請",
        "Application for the high-cost (preventive) care service benefit",
    )
    care_cost_limit_certification = (
        "care_cost_limit_certification",
        "介護保険負担限度額認定申請",
        "Application for certification of the long-term care insurance cost limit",
    )
    care_equipment_purchase_benefit = (
        "care_equipment_purchase_benefit",
        "居宅介護（介護予防）福祉用具購入費の支給申請",
        "Application for the benefit towards buying welfare equipment for home (preventive) care",
    )
    care_home_modification_benefit = (
        "care_home_modification_benefit",
        "居宅介護（介護予防）住宅改修費の支給申請",
        "Application for the benefit towards home modification for home (preventive) care",
    )
    care_need_certification_after_move = (
        "care_need_certification_after_move",
        "住所移転後の要介護・要支援認定申請",
        "Application for certification of care or support need after moving",
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
