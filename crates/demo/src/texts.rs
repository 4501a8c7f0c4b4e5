//! Values for service-specific fields and Russian description texts of demo tickets.

use crate::names::any_phone;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use spotdesk_api::{FieldKind, FieldSpec, Service};
use std::collections::BTreeMap;

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

const PHONES: &[&str] = &[
    "Samsung Galaxy A54",
    "Samsung Galaxy S23",
    "Apple iPhone 13",
    "Apple iPhone 15",
    "Xiaomi Redmi Note 12",
    "Xiaomi 13T",
    "HONOR X8a",
    "realme C55",
    "Tecno Spark 10",
    "Huawei nova 11",
    "POCO X5 Pro",
    "Infinix Hot 30",
];
const ROUTERS: &[&str] = &[
    "TP-Link Archer C6",
    "Keenetic Giga",
    "Huawei HG8245H",
    "ZTE F670",
    "Tenda AC10",
    "Sercomm RV6699",
];
const SET_TOP_BOXES: &[&str] = &[
    "SML-482 HD",
    "Android TV Box S1",
    "IPTV HD mini",
    "Смарт-приставка 4K",
];
const COUNTRIES: &[&str] = &[
    "Турция",
    "Египет",
    "ОАЭ",
    "Таиланд",
    "Казахстан",
    "Армения",
    "Грузия",
    "Китай",
    "Вьетнам",
    "Абхазия",
];
const FOREIGN_NETWORKS: &[&str] = &[
    "Turkcell",
    "Vodafone",
    "Etisalat",
    "AIS",
    "Beeline KZ",
    "Ucom",
    "Magti",
    "China Mobile",
];
const OPERATORS: &[&str] = &[
    "Вектор Мобайл",
    "СеверТелеком",
    "Волга-Связь",
    "Т-Линк",
    "ГородСеть",
];
const TARIFFS: &[&str] = &[
    "Базовый",
    "Безлимит",
    "Семейный",
    "Бизнес",
    "Премиум",
    "Мой онлайн",
    "Для своих",
];
const SUBSCRIPTIONS: &[&str] = &[
    "Гороскоп дня",
    "Мобильное ТВ+",
    "Игровой клуб",
    "Музыка без границ",
    "Новости 24",
    "Книги онлайн",
];
const PROMOS: &[&str] = &[
    "Летний розыгрыш",
    "Миллион за звонок",
    "Новогодний марафон призов",
    "Счастливый номер",
    "Интернет-лотерея",
];
const OFFICES: &[&str] = &[
    "Офис на пр-те Мира, 14",
    "Офис на ул. Ленина, 52",
    "ТЦ «Северный», 2 этаж",
    "Офис на Садовой ул., 8",
];
const ERRORS: &[&str] = &[
    "Ошибка 500 при входе",
    "Неверный код из SMS",
    "Сессия истекла",
    "Приложение закрывается при запуске",
    "Не приходит код подтверждения",
];
const PLACES: &[&str] = &[
    "дома",
    "в квартире",
    "на работе",
    "во дворе",
    "в подъезде",
    "на остановке",
    "в машине",
    "на даче у города",
];
const SINCE: &[&str] = &[
    "с утра",
    "со вчерашнего дня",
    "уже несколько дней",
    "около недели",
    "с выходных",
    "второй день",
    "с прошлой недели",
];

/// The local (UTC+3) calendar date of an instant.
fn local_date(t: DateTime<Utc>) -> NaiveDate {
    (t + Duration::hours(3)).date_naive()
}

fn date_value(d: NaiveDate) -> Value {
    Value::String(d.format("%Y-%m-%d").to_string())
}

/// A date field: past for "since"/purchase/payment dates, future for draws and plans.
fn date_for(key: &str, rng: &mut ChaCha8Rng, created: DateTime<Utc>) -> Value {
    let today = local_date(created);
    let d = match key {
        "draw_date" | "porting_date" | "request_deadline" => {
            today + Duration::days(rng.gen_range(1..=12))
        }
        "block_from" => today,
        "purchase_date" => today - Duration::days(rng.gen_range(20..=900)),
        "arrival_date" => today - Duration::days(rng.gen_range(0..=10)),
        "visit_date" | "charge_date" | "payment_date" => {
            today - Duration::days(rng.gen_range(0..=20))
        }
        _ => today - Duration::days(rng.gen_range(0..=14)),
    };
    date_value(d)
}

/// A text field, by key; `address` is the ticket's address, for address-like fields.
fn text_for(key: &str, rng: &mut ChaCha8Rng, address: &str) -> String {
    match key {
        "device_model" => pick(rng, PHONES).to_string(),
        "router_model" => pick(rng, ROUTERS).to_string(),
        "set_top_box" => pick(rng, SET_TOP_BOXES).to_string(),
        "contract_no" => format!(
            "{}-{:06}",
            rng.gen_range(10..=99),
            rng.gen_range(0..1_000_000)
        ),
        "landline_number" => format!(
            "+7 831 {:03}-{:02}-{:02}",
            rng.gen_range(200..=499),
            rng.gen_range(0..100),
            rng.gen_range(0..100)
        ),
        "counterpart_number" | "ported_number" => any_phone(rng),
        "country" => pick(rng, COUNTRIES).to_string(),
        "operator_name" => pick(rng, FOREIGN_NETWORKS).to_string(),
        "donor_operator" => pick(rng, OPERATORS).to_string(),
        "current_tariff" => pick(rng, TARIFFS).to_string(),
        "service_name" => pick(rng, SUBSCRIPTIONS).to_string(),
        "promo_name" => format!("{} {}", pick(rng, PROMOS), rng.gen_range(2025..=2026)),
        "ticket_no" => format!("LT-{:07}", rng.gen_range(0..10_000_000)),
        "site_id" => format!("VPN-{:04}", rng.gen_range(1..=2000)),
        "dealer_code" => format!("DLR-{:04}", rng.gen_range(1..=350)),
        "dealer_address" => address.to_string(),
        "office" => pick(rng, OFFICES).to_string(),
        "imei" => (0..15)
            .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
            .collect(),
        "error_text" => pick(rng, ERRORS).to_string(),
        "receipt_no" => format!("{:012}", rng.gen_range(0..1_000_000_000_000u64)),
        "login" => format!("user{}", rng.gen_range(1000..99999)),
        _ => "нет данных".to_string(),
    }
}

/// A number field, by key, always within `min..=max`.
fn number_for(key: &str, rng: &mut ChaCha8Rng, min: f64, max: f64) -> f64 {
    let v = match key {
        "amount" => (rng.gen_range(50.0..8_000.0f64) * 100.0).round() / 100.0,
        "speed_mbps" => (rng.gen_range(0.1..6.0f64) * 10.0).round() / 10.0,
        "floor" => f64::from(rng.gen_range(1..=17)),
        "affected_sites" => f64::from(rng.gen_range(1..=25)),
        "prize_value" => f64::from(rng.gen_range(5..=1000)) * 100.0,
        _ => {
            let lo = if min.is_finite() { min } else { 0.0 };
            let hi = if max.is_finite() && max > lo {
                max
            } else {
                lo + 100.0
            };
            rng.gen_range(lo..=hi).round()
        }
    };
    v.clamp(min, max)
}

/// One valid value for a field spec.
pub fn field_value(
    spec: &FieldSpec,
    rng: &mut ChaCha8Rng,
    created: DateTime<Utc>,
    address: &str,
) -> Value {
    match &spec.kind {
        FieldKind::Text { max_len } => {
            let s: String = text_for(&spec.key, rng, address)
                .chars()
                .take(*max_len as usize)
                .collect();
            Value::String(s)
        }
        FieldKind::Number { min, max } => json!(number_for(&spec.key, rng, *min, *max)),
        FieldKind::Date => date_for(&spec.key, rng, created),
        FieldKind::Choice { options } => match options.len() {
            0 => Value::Null,
            n => Value::String(options[rng.gen_range(0..n)].value.clone()),
        },
        FieldKind::MultiChoice { options } => {
            let n = options.len();
            let want = if n == 0 {
                0
            } else {
                rng.gen_range(1..=n.min(3))
            };
            let mut chosen = vec![false; n];
            let mut count = 0;
            while count < want {
                let i = rng.gen_range(0..n);
                if !chosen[i] {
                    chosen[i] = true;
                    count += 1;
                }
            }
            Value::Array(
                options
                    .iter()
                    .zip(chosen)
                    .filter(|(_, c)| *c)
                    .map(|(o, _)| Value::String(o.value.clone()))
                    .collect(),
            )
        }
    }
}

/// Values for a service's fields: every required one, about half of the optional ones.
pub fn field_values(
    service: &Service,
    rng: &mut ChaCha8Rng,
    created: DateTime<Utc>,
    address: &str,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for spec in &service.fields {
        if spec.required || rng.gen_bool(0.5) {
            let v = field_value(spec, rng, created, address);
            if !v.is_null() {
                out.insert(spec.key.clone(), v);
            }
        }
    }
    out
}

/// Russian description templates per service group; `{since}` and `{place}` are filled in.
fn templates(service_code: &str) -> &'static [&'static str] {
    match service_code {
        "mobile-voice" | "coverage-complaint" => &[
            "Клиент сообщает о проблеме со связью {place}, {since}. Перезагрузка телефона не помогла.",
            "Плохая связь {place} {since}: собеседник пропадает, звонки срываются.",
            "Абонент жалуется, что {place} телефон теряет сеть. Проблема {since}.",
        ],
        "mobile-data" => &[
            "Мобильный интернет {place} работает очень медленно {since}, страницы не открываются.",
            "Нет доступа в интернет {place} {since}. Настройки APN проверены, баланс положительный.",
            "Клиент жалуется на нестабильный интернет {place}: соединение постоянно пропадает, {since}.",
        ],
        "sms" => &[
            "Не доходят SMS {since}. Проверены настройки SMS-центра.",
            "Клиент не получает коды подтверждения из банков {since}.",
        ],
        "home-internet" => &[
            "Домашний интернет не работает {since}, индикатор на роутере мигает красным.",
            "Низкая скорость домашнего интернета {since}, по тарифу 100 Мбит/с, по замеру в разы меньше.",
            "Интернет пропадает несколько раз в час {since}. Роутер перезагружали.",
        ],
        "iptv" => &[
            "Телевидение не показывает {since}: на экране «Нет сигнала».",
            "Пропала часть каналов {since}, приставку перезагружали.",
        ],
        "landline" => &["Нет гудка на домашнем телефоне {since}.", "Сильный шум на линии {since}, разговаривать невозможно."],
        "roaming" => &[
            "Клиент за границей, телефон не регистрируется в сети. Роуминг подключён.",
            "После поездки пришли большие начисления за роуминг, клиент просит разобраться.",
        ],
        "billing-dispute" => &[
            "Клиент не согласен со списанием и просит вернуть средства.",
            "Списание по тарифу больше, чем обещали при подключении. Просит перерасчёт.",
        ],
        "payment-not-credited" => &[
            "Оплата прошла, деньги списаны с карты, но на лицевой счёт не поступили.",
            "Платёж через терминал не зачислен, чек на руках.",
        ],
        "content-subscriptions" => &[
            "Клиент не подключал подписку, но с баланса ежедневно списываются деньги.",
            "Просит отключить все платные подписки и установить запрет.",
        ],
        "tariff-change" => &["Клиент хочет сменить тариф на более выгодный.", "Тариф не сменился, хотя заявка подавалась в приложении."],
        "sim-replacement" => &["Нужна замена SIM-карты, клиент придёт в офис.", "SIM-карта перестала определяться в телефоне."],
        "number-porting" => &["Клиент переходит к нам со своим номером.", "Перенос номера задерживается, дата переноса прошла."],
        "device-repair" => &["Устройство не включается, клиент просит ремонт.", "Клиент уточняет срок ремонта устройства, сданного в сервис."],
        "dealer-issue" => &[
            "В салоне партнёра клиенту подключили услуги без согласия.",
            "Сотрудник дилера дал неверную информацию о тарифе.",
        ],
        "lottery-prize" => &[
            "Клиент выиграл приз в акции, но не получил его. Розыгрыш скоро, просит решить до даты.",
            "Промокод акции не принимается, клиент хочет участвовать в розыгрыше.",
        ],
        "business-vpn" => &[
            "Корпоративная VPN недоступна {since}, филиалы без связи с центральным офисом.",
            "Низкая скорость между площадками VPN {since}.",
        ],
        "vip-concierge" => &["VIP-клиент просит срочно связаться с персональным менеджером.", "VIP-клиент просит помощь перед поездкой."],
        "account-access" => &["Не удаётся войти в личный кабинет {since}.", "Приложение выдаёт ошибку при входе {since}."],
        "number-block" => &["Клиент потерял телефон, просит срочно заблокировать номер.", "Клиент просит разблокировать номер."],
        _ => &["Клиент обратился по услуге {since}."],
    }
}

/// A Russian description for a ticket: topic, then a filled template.
pub fn description(service_code: &str, topic_ru: &str, rng: &mut ChaCha8Rng) -> String {
    let t = pick(rng, templates(service_code));
    let body = t
        .replace("{since}", pick(rng, SINCE))
        .replace("{place}", pick(rng, PLACES));
    format!("{topic_ru}. {body}")
}
