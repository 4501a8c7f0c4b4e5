-- Spotdesk schema v18 (issue 22): repeat contacts. A ticket whose customer (same phone) had
-- registered another ticket in the 7 days before it names that ticket in `repeat_of`
-- (core::repeat_contact). The server keeps it when tickets are registered or imported; this
-- fills it for the tickets already stored. (PostgreSQL dialect; SQLite has the same under the
-- same number.)
ALTER TABLE tickets ADD COLUMN repeat_of BIGINT;
CREATE INDEX tickets_customer_created ON tickets (customer_phone, created_at, id);
UPDATE tickets SET repeat_of = (
    SELECT p.id FROM tickets p
    WHERE p.customer_phone = tickets.customer_phone
      AND p.id <> tickets.id
      AND (p.created_at < tickets.created_at
           OR (p.created_at = tickets.created_at AND p.id < tickets.id))
      AND p.created_at::timestamptz >= tickets.created_at::timestamptz - INTERVAL '7 days'
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT 1
)
WHERE customer_phone <> '';
