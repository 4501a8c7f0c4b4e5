//! Messages of the configuration editors of the administration section (`/admin/groups`,
//! `/admin/services`, `/admin/sla` …) and their save bar.

use super::messages::Translate;

/// Configuration editor strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConfigMsg {
    // The sections.
    GroupsAndUnits,
    // The save bar.
    Loading,
    LoadFailed,
    Version,
    SavedBy,
    NeverSaved,
    Unsaved,
    AllSaved,
    Save,
    Saving,
    SavedNow,
    Discard,
    ConfirmDiscard,
    Check,
    Checking,
    CheckNone,
    CheckTitle,
    Conflict,
    ConflictLoading,
    ReloadTheirs,
    KeepMine,
    KeptMine,
    Invalid,
    ProblemsTitle,
    // Shared field words.
    Code,
    NameEn,
    NameRu,
    Line,
    Remove,
    // Groups and business units.
    Groups,
    GroupsHint,
    Group,
    AddGroup,
    CodeHint,
    BusinessUnits,
    UnitsHint,
    BusinessUnit,
    AddUnit,
    Contact,
    ContactHint,
    AfterFixEn,
    AfterFixRu,
    UnitRetired,
    UnitRetiredHint,
}

impl Translate for ConfigMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use ConfigMsg::*;
        match self {
            GroupsAndUnits => ("Groups & business units", "Группы и подразделения"),
            Loading => ("Loading the configuration…", "Загрузка настроек…"),
            LoadFailed => ("The configuration could not be loaded.", "Не удалось загрузить настройки."),
            Version => ("Version", "Версия"),
            SavedBy => ("saved by", "сохранил(а)"),
            NeverSaved => ("not changed in the app yet", "ещё не менялась в приложении"),
            Unsaved => ("Unsaved changes", "Есть несохранённые изменения"),
            AllSaved => ("No unsaved changes", "Несохранённых изменений нет"),
            Save => ("Save configuration", "Сохранить настройки"),
            Saving => ("Saving…", "Сохранение…"),
            SavedNow => ("Saved. New tickets follow it from now on.", "Сохранено. Новые обращения оформляются по новым настройкам."),
            Discard => ("Discard changes", "Отменить изменения"),
            ConfirmDiscard => ("Discard every unsaved change?", "Отменить все несохранённые изменения?"),
            Check => ("Check", "Проверить"),
            Checking => ("Checking…", "Проверка…"),
            CheckNone => ("Saving would change nothing.", "Сохранение ничего не изменит."),
            CheckTitle => ("Saving would change:", "Сохранение изменит:"),
            Conflict => (
                "Someone else saved the configuration while you were editing. Nothing of yours was saved; your changes are still here.",
                "Пока вы редактировали, настройки сохранил кто-то другой. Ваши изменения не сохранены, но остались здесь.",
            ),
            ConflictLoading => ("Loading their version…", "Загрузка их версии…"),
            ReloadTheirs => ("Load their version (drop my changes)", "Загрузить их версию (мои изменения пропадут)"),
            KeepMine => ("Keep editing mine", "Продолжить со своими"),
            KeptMine => (
                "You are editing on top of their version now: saving replaces the whole configuration with what you see here, their changes included.",
                "Теперь вы редактируете поверх их версии: сохранение заменит все настройки тем, что вы видите здесь, включая их изменения.",
            ),
            Invalid => ("Not saved: fix the problems below and save again. Nothing was changed.", "Не сохранено: исправьте ошибки ниже и сохраните снова. Ничего не изменилось."),
            ProblemsTitle => ("Problems", "Ошибки"),
            Code => ("Code", "Код"),
            NameEn => ("Name (English)", "Название (англ.)"),
            NameRu => ("Name (Russian)", "Название (рус.)"),
            Line => ("Support line", "Линия поддержки"),
            Remove => ("Remove", "Удалить"),
            Groups => ("Groups and support lines", "Группы и линии поддержки"),
            GroupsHint => (
                "Tickets are assigned to groups; a group works on one support line. A group still named by users, services or routing rules cannot be removed.",
                "Обращения назначаются группам; группа работает на одной линии поддержки. Группу, на которую ссылаются пользователи, услуги или правила маршрутизации, удалить нельзя.",
            ),
            Group => ("Group", "Группа"),
            AddGroup => ("Add group", "Добавить группу"),
            CodeHint => (
                "Latin letters, digits and hyphens; fixed once saved",
                "Латинские буквы, цифры и дефисы; после сохранения не меняется",
            ),
            BusinessUnits => ("Business units", "Подразделения"),
            UnitsHint => (
                "Units informed about mass incidents, with what they should do after the fix.",
                "Подразделения, которых оповещают о массовых авариях, и что им делать после устранения.",
            ),
            BusinessUnit => ("Business unit", "Подразделение"),
            AddUnit => ("Add business unit", "Добавить подразделение"),
            Contact => ("Contact", "Контакт"),
            ContactHint => ("An address or a phone number", "Адрес или номер телефона"),
            AfterFixEn => ("After the fix (English)", "После устранения (англ.)"),
            AfterFixRu => ("After the fix (Russian)", "После устранения (рус.)"),
            UnitRetired => ("Retired", "Выведено из работы"),
            UnitRetiredHint => (
                "A retired unit is no longer offered on new incidents; incidents that named it keep it.",
                "Выведенное подразделение не предлагается для новых аварий; аварии, где оно указано, его сохраняют.",
            ),
        }
    }
}
