//! Messages of the ticket list page.

use super::messages::Translate;

/// List strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListMsg {
    Filters,
    All,
    Line,
    From,
    To,
    Sort,
    SortNewest,
    SortOldest,
    SortDeadline,
    OnlyOverdue,
    SearchText,
    Search,
    Reset,
    Shown,
    MoreAvailable,
    NoneMatch,
    ExportCsv,
    Exporting,
    Exported,
}

impl Translate for ListMsg {
    fn pair(self) -> (&'static str, &'static str) {
        use ListMsg::*;
        match self {
            Filters => ("Filters", "Фильтры"),
            All => ("All", "Все"),
            Line => ("Support line", "Линия поддержки"),
            From => ("Created from", "Создано с"),
            To => ("Created to", "Создано по"),
            Sort => ("Sort by", "Сортировка"),
            SortNewest => ("Newest first", "Сначала новые"),
            SortOldest => ("Oldest first", "Сначала старые"),
            SortDeadline => ("Earliest deadline first", "Сначала ближайший срок"),
            OnlyOverdue => ("Only overdue", "Только просроченные"),
            SearchText => ("Search text", "Текст для поиска"),
            Search => ("Search", "Найти"),
            Reset => ("Reset filters", "Сбросить фильтры"),
            Shown => ("Shown:", "Показано:"),
            MoreAvailable => (" (more available)", " (есть ещё)"),
            NoneMatch => (
                "No tickets match these filters.",
                "Нет обращений, подходящих под фильтры.",
            ),
            ExportCsv => ("Export CSV", "Выгрузить CSV"),
            Exporting => (
                "Exporting… tickets fetched:",
                "Выгрузка… получено обращений:",
            ),
            Exported => ("Exported tickets:", "Выгружено обращений:"),
        }
    }
}
