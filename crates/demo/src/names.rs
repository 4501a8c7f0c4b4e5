//! Russian personal names and mobile phone numbers for demo customers.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

const MALE_FIRST: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Виктор",
    "Владимир",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Кирилл",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Роман",
    "Сергей",
    "Станислав",
    "Юрий",
];

const FEMALE_FIRST: &[&str] = &[
    "Александра",
    "Алина",
    "Анастасия",
    "Анна",
    "Валентина",
    "Вера",
    "Дарья",
    "Екатерина",
    "Елена",
    "Ирина",
    "Ксения",
    "Лариса",
    "Любовь",
    "Марина",
    "Мария",
    "Наталья",
    "Надежда",
    "Ольга",
    "Полина",
    "Светлана",
    "Софья",
    "Татьяна",
    "Юлия",
];

/// Male surnames; the female form is derived by [`female_surname`].
const SURNAMES: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кириллов",
    "Белов",
    "Тарасов",
    "Беляев",
    "Комаров",
    "Ильин",
    "Гусев",
    "Титов",
    "Кудрявцев",
    "Баранов",
    "Куликов",
    "Жуков",
    "Калинин",
    "Виноградов",
    "Богданов",
    "Осипов",
    "Савельев",
    "Ковальчук",
    "Черных",
    "Бондаренко",
    "Шевченко",
    "Островский",
    "Вишневский",
    "Белоусов",
];

/// Patronymics as (male, female) pairs.
const PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Игоревич", "Игоревна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"),
    ("Павлович", "Павловна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"),
];

/// Second and third digits of Russian mobile numbers (after the leading 9).
const MOBILE_CODES: &[u32] = &[
    0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32, 33, 50, 51, 52, 53, 58, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 77, 80,
    81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// The female form of a surname: `Иванов` -> `Иванова`, `Островский` -> `Островская`;
/// indeclinable ones (`Черных`, `Шевченко`) stay as they are.
pub fn female_surname(male: &str) -> String {
    if let Some(stem) = male.strip_suffix("ий") {
        format!("{stem}ая")
    } else if ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|s| male.ends_with(s))
    {
        format!("{male}а")
    } else {
        male.to_string()
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// A full Russian name, "Фамилия Имя Отчество", of a random gender.
pub fn full_name(rng: &mut ChaCha8Rng) -> String {
    let surname = *pick(rng, SURNAMES);
    let (m, f) = *pick(rng, PATRONYMICS);
    if rng.gen_bool(0.5) {
        format!("{} {} {}", surname, pick(rng, MALE_FIRST), m)
    } else {
        format!(
            "{} {} {}",
            female_surname(surname),
            pick(rng, FEMALE_FIRST),
            f
        )
    }
}

/// Hands out unique Russian mobile numbers in E.164 (`+79xxxxxxxxx`).
#[derive(Debug, Default)]
pub struct PhoneBook {
    used: BTreeSet<u64>,
}

impl PhoneBook {
    /// A phone number not handed out before.
    pub fn fresh(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let code = u64::from(*pick(rng, MOBILE_CODES));
            let n = 9_000_000_000 + code * 10_000_000 + rng.gen_range(0..10_000_000u64);
            if self.used.insert(n) {
                return format!("+7{n}");
            }
        }
    }
}

/// A random mobile number (not checked for uniqueness), E.164.
pub fn any_phone(rng: &mut ChaCha8Rng) -> String {
    let code = u64::from(*pick(rng, MOBILE_CODES));
    format!(
        "+7{}",
        9_000_000_000 + code * 10_000_000 + rng.gen_range(0..10_000_000u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn female_forms() {
        assert_eq!(female_surname("Иванов"), "Иванова");
        assert_eq!(female_surname("Соловьёв"), "Соловьёва");
        assert_eq!(female_surname("Островский"), "Островская");
        assert_eq!(female_surname("Черных"), "Черных");
        assert_eq!(female_surname("Ильин"), "Ильина");
    }

    #[test]
    fn phones_are_e164_and_unique() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut book = PhoneBook::default();
        let phones: Vec<String> = (0..1000).map(|_| book.fresh(&mut rng)).collect();
        let set: BTreeSet<&String> = phones.iter().collect();
        assert_eq!(set.len(), phones.len());
        for p in &phones {
            assert_eq!(p.len(), 12, "{p}");
            assert!(
                p.starts_with("+79") && p[1..].chars().all(|c| c.is_ascii_digit()),
                "{p}"
            );
        }
        assert_eq!(full_name(&mut rng).split(' ').count(), 3);
    }
}
