-- Undo for ledger edits. The undo log is the audit log itself (src/ledger/undo.ts): every
-- "transaction.update" row carries its batch id and user id in changes->'_details', and
-- "transaction.undo" rows name the batch they reverted. No table of its own, so the log is
-- append-only and always agrees with the audit trail; these indexes keep the look-ups cheap.

-- "My most recent change batch": newest first per user.
create index audit_log_undo_user_idx on audit_log (firm_id, (changes->'_details'->>'user_id'), id desc)
  where action = 'transaction.update';

-- The rows of one batch, and whether it was undone.
create index audit_log_undo_batch_idx on audit_log (firm_id, (changes->'_details'->>'batch'))
  where action in ('transaction.update', 'transaction.undo');
