//! Text to comparable words: splitting into words and numbers, the Latin "skeleton" every word
//! is compared by, and the street-type and marker words that are not part of a name.

/// Words that are not part of a street's own name: street types, "house", "city", region,
/// country. The names of the place itself are the data's, not these: the caller hands them to
/// [`Gazetteer::parse_with_place_names`](super::Gazetteer::parse_with_place_names).
/// Compared after [`skeleton`] normalisation; single-character words are always stop words.
pub(super) const STOP_WORDS: &[&str] = &[
    "ул",
    "улица",
    "ul",
    "ulitsa",
    "ulica",
    "street",
    "st",
    "пр",
    "проспект",
    "просп",
    "prospekt",
    "prosp",
    "pr",
    "pt",
    "avenue",
    "ave",
    "av",
    "бул",
    "бульвар",
    "bul",
    "bulvar",
    "blvd",
    "boulevard",
    "пер",
    "переулок",
    "per",
    "pereulok",
    "lane",
    "ln",
    "шоссе",
    "sh",
    "shosse",
    "highway",
    "hwy",
    "наб",
    "набережная",
    "nab",
    "naberezhnaya",
    "embankment",
    "пл",
    "площадь",
    "pl",
    "ploshchad",
    "ploshad",
    "square",
    "sq",
    "проезд",
    "пр-д",
    "proezd",
    "pd",
    "passage",
    "дом",
    "dom",
    "house",
    "корп",
    "корпус",
    "korp",
    "korpus",
    "стр",
    "строение",
    "str",
    "stroenie",
    "город",
    "gorod",
    "city",
    "россия",
    "russia",
    "обл",
    "область",
    "oblast",
    "р-н",
    "район",
    "rayon",
    "мкр",
    "микрорайон",
    "mkr",
    "кв",
    "квартира",
    "kv",
    "kvartira",
    "apt",
    "apartment",
    "офис",
    "ofis",
    "office",
    "подъезд",
    "podezd",
    "entrance",
    "этаж",
    "etazh",
    "floor",
];

/// Words after which a number is not the house number (flat, office, building part...).
pub(super) const MARKER_WORDS: &[&str] = &[
    "кв",
    "квартира",
    "kv",
    "kvartira",
    "apt",
    "apartment",
    "офис",
    "ofis",
    "office",
    "подъезд",
    "podezd",
    "entrance",
    "этаж",
    "etazh",
    "floor",
    "корп",
    "корпус",
    "korp",
    "korpus",
    "стр",
    "строение",
    "str",
    "stroenie",
    "к",
];

/// A query token.
pub(super) enum Token {
    Word { raw_chars: usize, norm: String },
    Number(u32),
}

/// Splits text into runs of letters and runs of digits; everything else separates.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut number: Option<u32> = None;
    let flush_word = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            let raw_chars = word.chars().count();
            tokens.push(Token::Word {
                raw_chars,
                norm: skeleton(word),
            });
            word.clear();
        }
    };
    for c in text.chars() {
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            flush_word(&mut word, &mut tokens);
            number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(d));
        } else {
            if let Some(n) = number.take() {
                tokens.push(Token::Number(n));
            }
            if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else {
                flush_word(&mut word, &mut tokens);
            }
        }
    }
    flush_word(&mut word, &mut tokens);
    if let Some(n) = number {
        tokens.push(Token::Number(n));
    }
    tokens
}

/// Latin transliteration of one lower-case Cyrillic letter, or `None` for other characters.
fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' | 'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Normalises one word to its Latin skeleton: lower case, Cyrillic transliterated, common
/// transliteration variants folded (`щ`/`shch` -> `sh`, `kh` -> `h`, `yo` -> `e`, `iy`/`yy`/`ij`
/// -> `y`, `j` -> `y`, `x` -> `ks`, `w` -> `v`, `ye` -> `e`), anything not a letter dropped.
pub fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if let Some(t) = translit(c) {
            out.push_str(t);
        } else if c.is_alphabetic() {
            out.push(c);
        }
    }
    for (from, to) in [
        ("shch", "sh"),
        ("kh", "h"),
        ("yo", "e"),
        ("iy", "y"),
        ("yy", "y"),
        ("ij", "y"),
        ("j", "y"),
        ("x", "ks"),
        ("w", "v"),
        ("ye", "e"),
    ] {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}
