//! Messages of the signed-in user's own account (changing the password), and the texts of
//! field errors that read differently on account fields than anywhere else.

use super::messages::Translate;
use super::Lang;
use spotdesk_api::field_codes;

/// Own-account strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountMsg {
    NavPassword,
    ChangeTitle,
    ChooseTitle,
    ChooseIntro,
    CurrentPassword,
    OneTimePassword,
    NewPassword,
    RepeatPassword,
    PolicyHint,
    ChangePassword,
    Changing,
    Changed,
    WrongCurrent,
    SameOrControl,
    Mismatch,
    UsernameTaken,
    UsernameShort,
    UsernameInvalid,
    UnknownGroup,
    LastAdmin,
}

impl Translate for AccountMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use AccountMsg::*;
        match self {
            NavPassword => ("Password", "Пароль"),
            ChangeTitle => ("Change password", "Смена пароля"),
            ChooseTitle => ("Choose your own password", "Задайте свой пароль"),
            ChooseIntro => (
                "You signed in with a one-time password. Choose your own password to continue.",
                "Вы вошли с временным паролем. Чтобы продолжить, задайте свой пароль.",
            ),
            CurrentPassword => ("Current password", "Текущий пароль"),
            OneTimePassword => ("One-time password", "Временный пароль"),
            NewPassword => ("New password", "Новый пароль"),
            RepeatPassword => ("New password again", "Новый пароль ещё раз"),
            PolicyHint => (
                "At least {min} characters; a few unrelated words make a good one. Not a common password, not your username.",
                "Не меньше {min} символов; хорошо подходят несколько не связанных слов. Не распространённый пароль и без вашего имени пользователя.",
            ),
            ChangePassword => ("Change password", "Сменить пароль"),
            Changing => ("Changing…", "Смена…"),
            Changed => (
                "Your password is changed. Your other sessions were signed out.",
                "Пароль изменён. Остальные ваши сеансы завершены.",
            ),
            WrongCurrent => ("This is not your current password", "Это не ваш текущий пароль"),
            SameOrControl => (
                "Must differ from the current password, without line breaks or tabs",
                "Должен отличаться от текущего и не содержать переводов строк и табуляций",
            ),
            Mismatch => ("The two new passwords differ", "Новые пароли не совпадают"),
            UsernameTaken => (
                "This username is already taken",
                "Это имя пользователя уже занято",
            ),
            UsernameShort => ("At least 2 characters", "Не меньше 2 символов"),
            UsernameInvalid => (
                "Use a–z, 0–9, dot, underscore or hyphen, starting with a letter or digit (not “cli” or “system”)",
                "Допустимы a–z, 0–9, точка, подчёркивание, дефис; начало — буква или цифра (не «cli» и не «system»)",
            ),
            UnknownGroup => ("Not a group of the catalogue", "Такой группы нет в справочнике"),
            LastAdmin => (
                "The last enabled administrator must stay an enabled administrator",
                "Последний включённый администратор должен остаться включённым администратором",
            ),
        }
    }
}

/// The text of a field error where the field gives the code its own meaning (a username's
/// `too_short` is not a password's); `None`: the code's usual text applies.
pub fn account_field_text(lang: Lang, field: &str, code: &str) -> Option<&'static str> {
    let msg = match (field, code) {
        ("current_password", field_codes::INVALID) => AccountMsg::WrongCurrent,
        ("new_password", field_codes::INVALID) => AccountMsg::SameOrControl,
        ("new_password_repeat", field_codes::INVALID) => AccountMsg::Mismatch,
        ("username", field_codes::DUPLICATE) => AccountMsg::UsernameTaken,
        ("username", field_codes::TOO_SHORT) => AccountMsg::UsernameShort,
        ("username", field_codes::INVALID) => AccountMsg::UsernameInvalid,
        ("group", field_codes::UNKNOWN) => AccountMsg::UnknownGroup,
        ("role" | "disabled", field_codes::INVALID) => AccountMsg::LastAdmin,
        _ => return None,
    };
    Some(super::text(lang, msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_fields_have_their_own_texts() {
        assert_eq!(
            account_field_text(Lang::En, "username", field_codes::DUPLICATE),
            Some("This username is already taken")
        );
        assert_eq!(
            account_field_text(Lang::En, "customer_phone", field_codes::INVALID),
            None
        );
        assert_eq!(
            account_field_text(Lang::En, "username", field_codes::TOO_LONG),
            None
        );
    }
}
