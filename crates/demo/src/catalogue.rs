//! The default service catalogue of a telecom operator: services, fields, SLA policies,
//! assignee groups, routing rules and the business calendar.

use chrono::NaiveDate;
use spotdesk_api::{
    BusinessDay, Catalogue, Channel, ChoiceOption, FieldKind, FieldSpec, Group, LocalizedText,
    RoutingRule, Service, SlaPolicy, TicketKind,
};

fn lt(en: &str, ru: &str) -> LocalizedText {
    LocalizedText::new(en, ru)
}

fn opt(value: &str, en: &str, ru: &str) -> ChoiceOption {
    ChoiceOption {
        value: value.into(),
        label: lt(en, ru),
    }
}

fn field(key: &str, en: &str, ru: &str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        key: key.into(),
        label: lt(en, ru),
        kind,
        required,
    }
}

fn text(key: &str, en: &str, ru: &str, max_len: u32, required: bool) -> FieldSpec {
    field(key, en, ru, FieldKind::Text { max_len }, required)
}

fn number(key: &str, en: &str, ru: &str, min: f64, max: f64, required: bool) -> FieldSpec {
    field(key, en, ru, FieldKind::Number { min, max }, required)
}

fn date(key: &str, en: &str, ru: &str, required: bool) -> FieldSpec {
    field(key, en, ru, FieldKind::Date, required)
}

fn choice(key: &str, en: &str, ru: &str, required: bool, options: Vec<ChoiceOption>) -> FieldSpec {
    field(key, en, ru, FieldKind::Choice { options }, required)
}

fn multi(key: &str, en: &str, ru: &str, required: bool, options: Vec<ChoiceOption>) -> FieldSpec {
    field(key, en, ru, FieldKind::MultiChoice { options }, required)
}

// ---- fields shared by several services ----

fn problem_since(required: bool) -> FieldSpec {
    date(
        "problem_since",
        "Problem since",
        "Проблема с даты",
        required,
    )
}

fn indoor() -> FieldSpec {
    choice(
        "indoor",
        "Where",
        "Где проявляется",
        true,
        vec![
            opt("indoor", "Indoors", "В помещении"),
            opt("outdoor", "Outdoors", "На улице"),
            opt("both", "Both", "Везде"),
        ],
    )
}

fn device_model(required: bool) -> FieldSpec {
    text(
        "device_model",
        "Device model",
        "Модель устройства",
        80,
        required,
    )
}

fn contract_no() -> FieldSpec {
    text("contract_no", "Contract number", "Номер договора", 20, true)
}

fn yes_no(key: &str, en: &str, ru: &str, required: bool) -> FieldSpec {
    choice(
        key,
        en,
        ru,
        required,
        vec![opt("yes", "Yes", "Да"), opt("no", "No", "Нет")],
    )
}

fn technologies() -> Vec<ChoiceOption> {
    vec![
        opt("2g", "2G", "2G"),
        opt("3g", "3G", "3G"),
        opt("4g", "4G / LTE", "4G / LTE"),
        opt("5g", "5G", "5G"),
    ]
}

// ---- topics shared by the network-quality services ----

fn t_no_signal() -> ChoiceOption {
    opt("no-signal", "No signal", "Нет сети")
}
fn t_weak_signal() -> ChoiceOption {
    opt("weak-signal", "Weak signal", "Слабый сигнал")
}
fn t_call_drops() -> ChoiceOption {
    opt("call-drops", "Dropped calls", "Обрывы звонков")
}
fn t_slow_data() -> ChoiceOption {
    opt(
        "slow-data",
        "Slow mobile internet",
        "Низкая скорость интернета",
    )
}
fn t_no_data() -> ChoiceOption {
    opt("no-data", "No mobile internet", "Нет доступа в интернет")
}

/// SLA hours per line 1..=3 for incidents and service requests, `(hours, business_hours)`.
struct SlaProfile {
    incident: [(u32, bool); 3],
    request: [(u32, bool); 3],
}

const SLA_NETWORK: SlaProfile = SlaProfile {
    incident: [(4, false), (24, false), (72, false)],
    request: [(8, true), (24, true), (72, true)],
};
const SLA_HOME: SlaProfile = SlaProfile {
    incident: [(4, false), (12, false), (48, false)],
    request: [(8, true), (16, true), (40, true)],
};
const SLA_BILLING: SlaProfile = SlaProfile {
    incident: [(8, true), (24, true), (72, true)],
    request: [(8, true), (40, true), (80, true)],
};
const SLA_SERVICES: SlaProfile = SlaProfile {
    incident: [(8, true), (24, true), (72, true)],
    request: [(4, true), (16, true), (40, true)],
};
const SLA_PROMO: SlaProfile = SlaProfile {
    incident: [(2, false), (4, false), (8, false)],
    request: [(4, false), (8, false), (24, false)],
};
const SLA_VIP: SlaProfile = SlaProfile {
    incident: [(1, false), (4, false), (12, false)],
    request: [(2, false), (8, false), (24, false)],
};
const SLA_BUSINESS: SlaProfile = SlaProfile {
    incident: [(2, false), (4, false), (24, false)],
    request: [(4, true), (8, true), (24, true)],
};
const SLA_PARTNER: SlaProfile = SlaProfile {
    incident: [(8, true), (24, true), (72, true)],
    request: [(16, true), (40, true), (120, true)],
};

fn sla(p: &SlaProfile) -> Vec<SlaPolicy> {
    let mut out = Vec::with_capacity(6);
    for (kind, hours) in [
        (TicketKind::Incident, p.incident),
        (TicketKind::ServiceRequest, p.request),
    ] {
        for (i, (h, business_hours)) in hours.into_iter().enumerate() {
            out.push(SlaPolicy {
                kind,
                line: i as u8 + 1,
                hours: h,
                business_hours,
            });
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn service(
    code: &str,
    name: (&str, &str),
    description: (&str, &str),
    group: &str,
    network_quality: bool,
    topics: Vec<ChoiceOption>,
    fields: Vec<FieldSpec>,
    profile: &SlaProfile,
    default_group: &str,
) -> Service {
    Service {
        code: code.into(),
        name: lt(name.0, name.1),
        description: lt(description.0, description.1),
        group: group.into(),
        network_quality,
        topics,
        fields,
        sla: sla(profile),
        default_group: default_group.into(),
    }
}

/// The services, in catalogue-picker order.
fn services() -> Vec<Service> {
    vec![
        service(
            "mobile-voice",
            ("Mobile calls", "Мобильная связь: звонки"),
            (
                "Calls cannot be made, drop or sound bad.",
                "Не проходят звонки, обрывы, плохая слышимость.",
            ),
            "network",
            true,
            vec![
                t_no_signal(),
                t_weak_signal(),
                t_call_drops(),
                opt("poor-voice", "Poor voice quality", "Плохая слышимость"),
                opt("cannot-call", "Calls do not connect", "Не проходят вызовы"),
            ],
            vec![
                problem_since(true),
                indoor(),
                device_model(false),
                multi(
                    "time_of_day",
                    "Time of day",
                    "Время суток",
                    false,
                    vec![
                        opt("morning", "Morning", "Утро"),
                        opt("day", "Day", "День"),
                        opt("evening", "Evening", "Вечер"),
                        opt("night", "Night", "Ночь"),
                    ],
                ),
            ],
            &SLA_NETWORK,
            "line1-contact-centre",
        ),
        service(
            "mobile-data",
            ("Mobile internet quality", "Мобильный интернет"),
            (
                "Slow, unstable or missing mobile data.",
                "Низкая скорость, нестабильная работа или отсутствие мобильного интернета.",
            ),
            "network",
            true,
            vec![
                t_slow_data(),
                t_no_data(),
                opt(
                    "unstable-data",
                    "Unstable connection",
                    "Нестабильное соединение",
                ),
                t_weak_signal(),
                t_no_signal(),
            ],
            vec![
                problem_since(true),
                indoor(),
                choice(
                    "network_mode",
                    "Network shown on the phone",
                    "Сеть на телефоне",
                    false,
                    {
                        let mut o = technologies();
                        o.push(opt("unknown", "Unknown", "Не знает"));
                        o
                    },
                ),
                number(
                    "speed_mbps",
                    "Measured speed, Mbit/s",
                    "Измеренная скорость, Мбит/с",
                    0.0,
                    1000.0,
                    false,
                ),
                device_model(false),
            ],
            &SLA_NETWORK,
            "line1-contact-centre",
        ),
        service(
            "sms",
            ("SMS and MMS", "SMS и MMS"),
            (
                "Messages are not delivered, arrive late or MMS fail.",
                "Сообщения не доходят, приходят с задержкой, не работают MMS.",
            ),
            "network",
            true,
            vec![
                opt("sms-not-delivered", "SMS not delivered", "SMS не доходят"),
                opt("sms-not-received", "SMS not received", "Не приходят SMS"),
                opt("sms-delay", "SMS delayed", "Задержка SMS"),
                opt("mms-failure", "MMS do not work", "Не работают MMS"),
            ],
            vec![
                problem_since(true),
                choice(
                    "sms_direction",
                    "Direction",
                    "Направление",
                    true,
                    vec![
                        opt("outgoing", "Outgoing", "Исходящие"),
                        opt("incoming", "Incoming", "Входящие"),
                        opt("both", "Both", "Оба"),
                    ],
                ),
                text(
                    "counterpart_number",
                    "Counterpart's number",
                    "Номер собеседника",
                    20,
                    false,
                ),
            ],
            &SLA_NETWORK,
            "line1-contact-centre",
        ),
        service(
            "coverage-complaint",
            ("Coverage complaint", "Жалоба на покрытие"),
            (
                "Poor or no coverage at a place.",
                "Плохое покрытие или его отсутствие в определённом месте.",
            ),
            "network",
            true,
            vec![
                t_no_signal(),
                t_weak_signal(),
                t_call_drops(),
                t_slow_data(),
                opt(
                    "no-indoor-coverage",
                    "No coverage indoors",
                    "Нет покрытия в помещении",
                ),
            ],
            vec![
                problem_since(true),
                indoor(),
                number("floor", "Floor", "Этаж", 1.0, 40.0, false),
                multi(
                    "technologies",
                    "Affected technologies",
                    "Затронутые технологии",
                    false,
                    technologies(),
                ),
                device_model(false),
            ],
            &SLA_NETWORK,
            "line1-contact-centre",
        ),
        service(
            "home-internet",
            ("Home internet", "Домашний интернет"),
            (
                "Fixed broadband: outages, speed, router, new connections.",
                "Домашний интернет: аварии, скорость, роутер, подключение.",
            ),
            "home",
            false,
            vec![
                opt("no-connection", "No connection", "Нет подключения"),
                opt("slow-speed", "Low speed", "Низкая скорость"),
                opt("frequent-drops", "Frequent drops", "Частые разрывы"),
                opt(
                    "wifi-router",
                    "Router / Wi-Fi problem",
                    "Проблема с роутером / Wi-Fi",
                ),
                opt(
                    "connection-request",
                    "New connection",
                    "Заявка на подключение",
                ),
            ],
            vec![
                contract_no(),
                choice(
                    "connection_type",
                    "Connection type",
                    "Тип подключения",
                    true,
                    vec![
                        opt("fttb", "FTTB (Ethernet)", "FTTB (Ethernet)"),
                        opt("gpon", "GPON (fibre)", "GPON (оптика)"),
                        opt("adsl", "ADSL", "ADSL"),
                    ],
                ),
                text("router_model", "Router model", "Модель роутера", 60, false),
                problem_since(false),
            ],
            &SLA_HOME,
            "line1-contact-centre",
        ),
        service(
            "iptv",
            ("Interactive TV", "Интерактивное ТВ"),
            (
                "IPTV channels, picture, set-top box.",
                "Каналы IPTV, изображение, приставка.",
            ),
            "home",
            false,
            vec![
                opt("no-tv-signal", "No TV signal", "Нет сигнала ТВ"),
                opt("channels-missing", "Channels missing", "Пропали каналы"),
                opt("picture-freezes", "Picture freezes", "Зависает изображение"),
                opt("set-top-box", "Set-top box fault", "Неисправна приставка"),
            ],
            vec![
                contract_no(),
                text(
                    "set_top_box",
                    "Set-top box model",
                    "Модель приставки",
                    40,
                    false,
                ),
                multi(
                    "channels_affected",
                    "Channels affected",
                    "Затронутые каналы",
                    false,
                    vec![
                        opt("federal", "Federal", "Федеральные"),
                        opt("sports", "Sports", "Спортивные"),
                        opt("movies", "Movies", "Кино"),
                        opt("kids", "Kids", "Детские"),
                    ],
                ),
            ],
            &SLA_HOME,
            "line1-contact-centre",
        ),
        service(
            "landline",
            ("Home phone", "Домашний телефон"),
            ("Fixed-line telephony.", "Фиксированная телефонная связь."),
            "home",
            false,
            vec![
                opt("no-dial-tone", "No dial tone", "Нет гудка"),
                opt("noise-on-line", "Noise on the line", "Шум на линии"),
                opt(
                    "cannot-call-out",
                    "Outgoing calls fail",
                    "Не проходят исходящие",
                ),
                opt("number-change", "Number change", "Смена номера"),
            ],
            vec![
                contract_no(),
                text(
                    "landline_number",
                    "Landline number",
                    "Номер телефона",
                    20,
                    true,
                ),
                problem_since(false),
            ],
            &SLA_HOME,
            "line1-contact-centre",
        ),
        service(
            "roaming",
            ("Roaming", "Роуминг"),
            (
                "Service abroad: network, data, charges.",
                "Связь за границей: сеть, интернет, начисления.",
            ),
            "mobile",
            false,
            vec![
                opt(
                    "no-roaming-network",
                    "No network abroad",
                    "Нет сети в роуминге",
                ),
                opt(
                    "roaming-data",
                    "No data abroad",
                    "Не работает интернет в роуминге",
                ),
                opt(
                    "roaming-charges",
                    "Roaming charges",
                    "Начисления в роуминге",
                ),
                opt(
                    "roaming-activation",
                    "Activate roaming",
                    "Подключение роуминга",
                ),
            ],
            vec![
                text("country", "Country", "Страна", 60, true),
                date("arrival_date", "Arrival date", "Дата прибытия", false),
                text("operator_name", "Host network", "Сеть оператора", 60, false),
            ],
            &SLA_NETWORK,
            "line1-contact-centre",
        ),
        service(
            "billing-dispute",
            ("Billing dispute", "Спор по начислениям"),
            (
                "The customer disputes a charge.",
                "Клиент оспаривает списание или начисление.",
            ),
            "billing",
            false,
            vec![
                opt(
                    "wrong-charge",
                    "Unjustified charge",
                    "Необоснованное списание",
                ),
                opt("double-charge", "Charged twice", "Двойное списание"),
                opt(
                    "tariff-mismatch",
                    "Charges do not match the tariff",
                    "Начисления не соответствуют тарифу",
                ),
                opt(
                    "detail-request",
                    "Itemised bill request",
                    "Запрос детализации",
                ),
            ],
            vec![
                contract_no(),
                number(
                    "amount",
                    "Disputed amount, RUB",
                    "Оспариваемая сумма, руб.",
                    0.0,
                    1_000_000.0,
                    true,
                ),
                date("charge_date", "Charge date", "Дата списания", true),
                choice(
                    "refund_method",
                    "Refund to",
                    "Способ возврата",
                    false,
                    vec![
                        opt("balance", "Account balance", "На лицевой счёт"),
                        opt("card", "Bank card", "На банковскую карту"),
                        opt("cash", "Cash at an office", "Наличными в офисе"),
                    ],
                ),
            ],
            &SLA_BILLING,
            "line2-billing",
        ),
        service(
            "payment-not-credited",
            ("Payment not credited", "Платёж не зачислен"),
            (
                "A payment has not reached the account.",
                "Оплата не поступила на лицевой счёт.",
            ),
            "billing",
            false,
            vec![
                opt("bank-card", "Card payment", "Оплата картой"),
                opt("terminal", "Payment terminal", "Оплата через терминал"),
                opt("online-bank", "Online banking", "Онлайн-банк"),
                opt("auto-payment", "Auto-payment", "Автоплатёж"),
            ],
            vec![
                number("amount", "Amount, RUB", "Сумма, руб.", 1.0, 500_000.0, true),
                date("payment_date", "Payment date", "Дата платежа", true),
                choice(
                    "payment_method",
                    "Payment method",
                    "Способ оплаты",
                    true,
                    vec![
                        opt("card", "Bank card", "Банковская карта"),
                        opt("terminal", "Terminal", "Терминал"),
                        opt("bank", "Bank transfer", "Банковский перевод"),
                        opt("app", "Mobile app", "Мобильное приложение"),
                    ],
                ),
                text("receipt_no", "Receipt number", "Номер чека", 40, false),
            ],
            &SLA_BILLING,
            "line2-billing",
        ),
        service(
            "content-subscriptions",
            ("Paid subscriptions", "Платные подписки"),
            (
                "Unwanted content subscriptions and their charges.",
                "Нежелательные контент-подписки и списания за них.",
            ),
            "billing",
            false,
            vec![
                opt(
                    "unwanted-subscription",
                    "Unwanted subscription",
                    "Нежелательная подписка",
                ),
                opt(
                    "subscription-charge",
                    "Subscription charge",
                    "Списание за подписку",
                ),
                opt(
                    "disable-subscription",
                    "Cancel subscriptions",
                    "Отключение подписок",
                ),
            ],
            vec![
                text(
                    "service_name",
                    "Subscription name",
                    "Название подписки",
                    80,
                    false,
                ),
                number(
                    "amount",
                    "Amount charged, RUB",
                    "Списано, руб.",
                    0.0,
                    100_000.0,
                    false,
                ),
                yes_no(
                    "content_ban",
                    "Block paid content",
                    "Установить запрет контента",
                    true,
                ),
            ],
            &SLA_BILLING,
            "line1-contact-centre",
        ),
        service(
            "tariff-change",
            ("Tariff change", "Смена тарифа"),
            (
                "Change of tariff plan or options.",
                "Смена тарифного плана или опций.",
            ),
            "services",
            false,
            vec![
                opt("change-tariff", "Change tariff", "Смена тарифа"),
                opt("tariff-consult", "Tariff advice", "Консультация по тарифам"),
                opt("options", "Add-on options", "Подключение опций"),
                opt(
                    "tariff-not-applied",
                    "Tariff not applied",
                    "Тариф не сменился",
                ),
            ],
            vec![
                text(
                    "current_tariff",
                    "Current tariff",
                    "Текущий тариф",
                    60,
                    false,
                ),
                choice(
                    "target_tariff",
                    "New tariff",
                    "Новый тариф",
                    true,
                    vec![
                        opt("basic", "Basic", "Базовый"),
                        opt("unlimited", "Unlimited", "Безлимит"),
                        opt("family", "Family", "Семейный"),
                        opt("business", "Business", "Бизнес"),
                        opt("premium", "Premium", "Премиум"),
                    ],
                ),
            ],
            &SLA_SERVICES,
            "line1-contact-centre",
        ),
        service(
            "sim-replacement",
            ("SIM replacement", "Замена SIM-карты"),
            (
                "Lost or damaged SIM, format change, eSIM.",
                "Утеря или повреждение SIM, смена формата, eSIM.",
            ),
            "services",
            false,
            vec![
                opt("lost-sim", "Lost SIM", "Утеря SIM-карты"),
                opt("damaged-sim", "Damaged SIM", "Повреждение SIM-карты"),
                opt("sim-format", "Change SIM format", "Смена формата SIM"),
                opt("esim", "Switch to eSIM", "Переход на eSIM"),
            ],
            vec![
                yes_no(
                    "passport_checked",
                    "Identity document checked",
                    "Паспорт проверен",
                    true,
                ),
                choice(
                    "reason",
                    "Reason",
                    "Причина",
                    true,
                    vec![
                        opt("lost", "Lost", "Утеря"),
                        opt("damaged", "Damaged", "Повреждение"),
                        opt("format", "Format", "Формат"),
                        opt("esim", "eSIM", "eSIM"),
                    ],
                ),
                text("office", "Pick-up office", "Офис выдачи", 80, false),
            ],
            &SLA_SERVICES,
            "line1-contact-centre",
        ),
        service(
            "number-porting",
            ("Number porting", "Перенос номера"),
            (
                "Keeping the number when changing operator.",
                "Сохранение номера при смене оператора.",
            ),
            "services",
            false,
            vec![
                opt("port-in", "Port in", "Переход с номером к нам"),
                opt("port-out", "Port out", "Уход с номером"),
                opt("porting-delay", "Porting delayed", "Задержка переноса"),
                opt("porting-rejected", "Porting rejected", "Отказ в переносе"),
            ],
            vec![
                text(
                    "donor_operator",
                    "Other operator",
                    "Другой оператор",
                    60,
                    true,
                ),
                text(
                    "ported_number",
                    "Number being ported",
                    "Переносимый номер",
                    20,
                    true,
                ),
                date(
                    "porting_date",
                    "Planned porting date",
                    "Плановая дата переноса",
                    false,
                ),
            ],
            &SLA_SERVICES,
            "line2-services",
        ),
        service(
            "device-repair",
            ("Device repair", "Ремонт устройства"),
            (
                "Phones, routers and set-top boxes bought from the operator.",
                "Телефоны, роутеры и приставки, купленные у оператора.",
            ),
            "devices",
            false,
            vec![
                opt("warranty-repair", "Warranty repair", "Гарантийный ремонт"),
                opt("paid-repair", "Paid repair", "Платный ремонт"),
                opt("repair-status", "Repair status", "Статус ремонта"),
                opt(
                    "equipment-replacement",
                    "Equipment replacement",
                    "Замена оборудования",
                ),
            ],
            vec![
                device_model(true),
                text(
                    "imei",
                    "IMEI / serial number",
                    "IMEI / серийный номер",
                    17,
                    false,
                ),
                date("purchase_date", "Purchase date", "Дата покупки", false),
                choice(
                    "under_warranty",
                    "Under warranty",
                    "На гарантии",
                    true,
                    vec![
                        opt("yes", "Yes", "Да"),
                        opt("no", "No", "Нет"),
                        opt("unknown", "Unknown", "Неизвестно"),
                    ],
                ),
            ],
            &SLA_SERVICES,
            "line2-services",
        ),
        service(
            "dealer-issue",
            ("Partner / dealer issue", "Жалоба на партнёра / дилера"),
            (
                "Complaints about partner shops and dealers.",
                "Жалобы на партнёрские салоны и дилеров.",
            ),
            "partners",
            false,
            vec![
                opt(
                    "misinformation",
                    "Wrong advice",
                    "Некорректная консультация",
                ),
                opt(
                    "unauthorised-contract",
                    "Contract without consent",
                    "Договор без согласия",
                ),
                opt("dealer-overcharge", "Overcharged", "Переплата у дилера"),
                opt(
                    "dealer-service-quality",
                    "Service quality",
                    "Качество обслуживания",
                ),
            ],
            vec![
                text("dealer_code", "Dealer code", "Код дилера", 20, true),
                date("visit_date", "Visit date", "Дата визита", true),
                text(
                    "dealer_address",
                    "Dealer address",
                    "Адрес точки продаж",
                    120,
                    false,
                ),
            ],
            &SLA_PARTNER,
            "partner-desk",
        ),
        service(
            "lottery-prize",
            ("Promo and prize draw", "Розыгрыш и призы акции"),
            (
                "Promotions with prize draws; work must finish before the draw date.",
                "Акции с розыгрышами призов; обращение нужно решить до даты розыгрыша.",
            ),
            "promo",
            false,
            vec![
                opt(
                    "prize-not-received",
                    "Prize not received",
                    "Приз не получен",
                ),
                opt(
                    "draw-participation",
                    "Draw participation",
                    "Участие в розыгрыше",
                ),
                opt(
                    "promo-code",
                    "Promo code does not work",
                    "Промокод не работает",
                ),
                opt("draw-results", "Draw results", "Результаты розыгрыша"),
            ],
            vec![
                text("promo_name", "Promotion", "Акция", 80, true),
                date("draw_date", "Draw date", "Дата розыгрыша", true),
                text(
                    "ticket_no",
                    "Participant number",
                    "Номер участника",
                    30,
                    false,
                ),
                number(
                    "prize_value",
                    "Prize value, RUB",
                    "Стоимость приза, руб.",
                    0.0,
                    5_000_000.0,
                    false,
                ),
            ],
            &SLA_PROMO,
            "line2-services",
        ),
        service(
            "business-vpn",
            ("Business VPN", "Корпоративная VPN"),
            (
                "Corporate VPN and data links.",
                "Корпоративная VPN-сеть и каналы передачи данных.",
            ),
            "business",
            false,
            vec![
                opt("vpn-down", "VPN down", "VPN недоступна"),
                opt("vpn-slow", "VPN slow", "Низкая скорость VPN"),
                opt(
                    "new-site",
                    "Connect a new site",
                    "Подключение новой площадки",
                ),
                opt(
                    "routing-change",
                    "Routing change",
                    "Изменение маршрутизации",
                ),
            ],
            vec![
                contract_no(),
                text("site_id", "Site id", "Код площадки", 20, true),
                choice(
                    "priority",
                    "Business priority",
                    "Приоритет для бизнеса",
                    true,
                    vec![
                        opt("critical", "Critical", "Критичный"),
                        opt("high", "High", "Высокий"),
                        opt("normal", "Normal", "Обычный"),
                    ],
                ),
                number(
                    "affected_sites",
                    "Sites affected",
                    "Затронуто площадок",
                    1.0,
                    500.0,
                    false,
                ),
            ],
            &SLA_BUSINESS,
            "line2-network",
        ),
        service(
            "vip-concierge",
            ("VIP concierge", "VIP-консьерж"),
            (
                "Personal service for VIP customers.",
                "Персональное обслуживание VIP-клиентов.",
            ),
            "vip",
            false,
            vec![
                opt(
                    "personal-manager",
                    "Personal manager",
                    "Персональный менеджер",
                ),
                opt("urgent-request", "Urgent request", "Срочный запрос"),
                opt("travel-assist", "Travel assistance", "Помощь в поездке"),
                opt(
                    "priority-service",
                    "Priority service",
                    "Приоритетное обслуживание",
                ),
            ],
            vec![
                choice(
                    "preferred_contact",
                    "Preferred contact",
                    "Предпочтительная связь",
                    true,
                    vec![
                        opt("phone", "Phone", "Телефон"),
                        opt("email", "E-mail", "E-mail"),
                        opt("messenger", "Messenger", "Мессенджер"),
                    ],
                ),
                date("request_deadline", "Needed by", "Нужно к дате", false),
            ],
            &SLA_VIP,
            "vip-desk",
        ),
        service(
            "account-access",
            ("Account and app access", "Доступ в личный кабинет"),
            (
                "Self-care web and mobile app.",
                "Личный кабинет на сайте и мобильное приложение.",
            ),
            "digital",
            false,
            vec![
                opt("cannot-login", "Cannot log in", "Не удаётся войти"),
                opt("password-reset", "Password reset", "Сброс пароля"),
                opt("app-error", "App error", "Ошибка приложения"),
                opt("account-blocked", "Account blocked", "Кабинет заблокирован"),
            ],
            vec![
                choice(
                    "platform",
                    "Platform",
                    "Платформа",
                    true,
                    vec![
                        opt("web", "Website", "Сайт"),
                        opt("android", "Android app", "Приложение Android"),
                        opt("ios", "iOS app", "Приложение iOS"),
                    ],
                ),
                text("error_text", "Error message", "Текст ошибки", 200, false),
                text("login", "Login", "Логин", 60, false),
            ],
            &SLA_SERVICES,
            "line1-contact-centre",
        ),
        service(
            "number-block",
            ("Number blocking", "Блокировка номера"),
            (
                "Blocking and unblocking a number: loss, theft, fraud.",
                "Блокировка и разблокировка номера: утеря, кража, мошенничество.",
            ),
            "services",
            false,
            vec![
                opt("lost-phone", "Lost phone", "Утеря телефона"),
                opt(
                    "voluntary-block",
                    "Voluntary block",
                    "Добровольная блокировка",
                ),
                opt("unblock", "Unblock", "Разблокировка"),
                opt(
                    "fraud-suspected",
                    "Suspected fraud",
                    "Подозрение на мошенничество",
                ),
            ],
            vec![
                choice(
                    "block_reason",
                    "Reason",
                    "Причина",
                    true,
                    vec![
                        opt("lost", "Lost", "Утеря"),
                        opt("stolen", "Stolen", "Кража"),
                        opt("voluntary", "Voluntary", "Добровольно"),
                        opt("fraud", "Fraud", "Мошенничество"),
                    ],
                ),
                date("block_from", "Block from", "Блокировать с", false),
            ],
            &SLA_SERVICES,
            "line1-contact-centre",
        ),
    ]
}

/// The assignee groups.
fn groups() -> Vec<Group> {
    let g = |code: &str, en: &str, ru: &str, line: u8| Group {
        code: code.into(),
        name: lt(en, ru),
        line,
    };
    vec![
        g(
            "line1-contact-centre",
            "Contact centre (line 1)",
            "Контактный центр (1 линия)",
            1,
        ),
        g(
            "line2-network",
            "Network support (line 2)",
            "Поддержка сети (2 линия)",
            2,
        ),
        g(
            "line2-billing",
            "Billing (line 2)",
            "Биллинг и расчёты (2 линия)",
            2,
        ),
        g(
            "line2-services",
            "Services and devices (line 2)",
            "Услуги и оборудование (2 линия)",
            2,
        ),
        g(
            "line3-infrastructure",
            "Network infrastructure (line 3)",
            "Сетевая инфраструктура (3 линия)",
            3,
        ),
        g("line3-it", "IT systems (line 3)", "ИТ-системы (3 линия)", 3),
        g("partner-desk", "Partner desk", "Партнёрский отдел", 2),
        g("vip-desk", "VIP desk", "VIP-обслуживание", 2),
    ]
}

/// Routing rules; the first match by (priority, id) wins.
fn routing() -> Vec<RoutingRule> {
    let mut rules = Vec::new();
    let mut add = |priority: i32,
                   service: Option<&str>,
                   channel: Option<Channel>,
                   kind: Option<TicketKind>,
                   line: u8,
                   group: &str| {
        rules.push(RoutingRule {
            id: rules.len() as i64 + 1,
            priority,
            service_code: service.map(str::to_string),
            channel,
            kind,
            line,
            group: group.into(),
        });
    };
    // A partner's message goes straight to the partner desk on the second line.
    add(10, None, Some(Channel::Partner), None, 2, "partner-desk");
    add(20, Some("vip-concierge"), None, None, 2, "vip-desk");
    // Network-quality incidents go straight to network engineers.
    for code in ["mobile-voice", "mobile-data", "sms", "coverage-complaint"] {
        add(
            30,
            Some(code),
            None,
            Some(TicketKind::Incident),
            2,
            "line2-network",
        );
    }
    add(
        40,
        Some("home-internet"),
        None,
        Some(TicketKind::Incident),
        2,
        "line2-network",
    );
    add(
        40,
        Some("landline"),
        None,
        Some(TicketKind::Incident),
        2,
        "line2-network",
    );
    add(
        40,
        Some("roaming"),
        None,
        Some(TicketKind::Incident),
        2,
        "line2-network",
    );
    add(
        40,
        Some("iptv"),
        None,
        Some(TicketKind::Incident),
        2,
        "line2-services",
    );
    add(
        50,
        Some("account-access"),
        None,
        Some(TicketKind::Incident),
        3,
        "line3-it",
    );
    // Prize-draw work has a hard deadline: skip the first line.
    add(50, Some("lottery-prize"), None, None, 2, "line2-services");
    rules
}

/// Russian public holidays (non-working days) of 2025-2027.
fn holidays() -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for year in 2025..=2027 {
        let mut days: Vec<(u32, u32)> = (1..=8).map(|d| (1, d)).collect();
        days.extend([(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]);
        out.extend(
            days.into_iter()
                .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, m, d)),
        );
    }
    out
}

/// The operator's service catalogue: about twenty services with both languages, required
/// fields, SLA policies for every kind and line, groups, routing rules and the calendar
/// (Russian public holidays 2025-2027, working day 9-18 at UTC+3).
pub fn default_catalogue() -> Catalogue {
    Catalogue {
        services: services(),
        routing: routing(),
        groups: groups(),
        holidays: holidays(),
        business_day: BusinessDay {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        },
    }
}
