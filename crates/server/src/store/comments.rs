//! The `ticket_comments` table.

use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{Actor, Comment, CommentId, CommentKind, TicketId, UserId};

/// Every column plus the author's display name, in [`CommentRow`] order.
const SELECT: &str = "SELECT c.id, c.ticket_id, c.user_id, u.display_name, c.body, c.at, c.kind \
    FROM ticket_comments c JOIN users u ON u.id = c.user_id";

/// A comment row with its author's name.
#[derive(Debug, sqlx::FromRow)]
struct CommentRow {
    id: i64,
    ticket_id: i64,
    user_id: i64,
    display_name: String,
    body: String,
    at: String,
    kind: String,
}

impl TryFrom<CommentRow> for Comment {
    type Error = sqlx::Error;

    fn try_from(r: CommentRow) -> Result<Self, Self::Error> {
        Ok(Comment {
            id: CommentId(r.id),
            ticket_id: TicketId(r.ticket_id),
            author: Actor {
                id: UserId(r.user_id),
                display_name: r.display_name,
            },
            text: r.body,
            at: db::parse_ts(&r.at)?,
            kind: db::parse_enum(&r.kind)?,
        })
    }
}

/// Loads one comment.
pub async fn get<'e>(
    ex: impl db::Executor<'e>,
    id: CommentId,
) -> Result<Option<Comment>, sqlx::Error> {
    let row: Option<CommentRow> = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id.0)
        .fetch_optional(ex)
        .await?;
    row.map(Comment::try_from).transpose()
}

/// A ticket's comments, oldest first.
pub async fn list<'e>(
    ex: impl db::Executor<'e>,
    ticket: TicketId,
) -> Result<Vec<Comment>, sqlx::Error> {
    let rows: Vec<CommentRow> =
        sqlx::query_as(&format!("{SELECT} WHERE c.ticket_id = $1 ORDER BY c.id"))
            .bind(ticket.0)
            .fetch_all(ex)
            .await?;
    rows.into_iter().map(Comment::try_from).collect()
}

/// Inserts a comment (an internal note or a reply sent to the customer); returns its id.
pub async fn insert(
    tx: &mut Tx,
    ticket: TicketId,
    user: UserId,
    text: &str,
    kind: CommentKind,
    at: DateTime<Utc>,
) -> Result<CommentId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO ticket_comments (ticket_id, user_id, body, at, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(ticket.0)
    .bind(user.0)
    .bind(text)
    .bind(db::ts(at))
    .bind(kind.as_str())
    .fetch_one(&mut **tx)
    .await
    .map(CommentId)
}
