-- Reports are cached by the client's ledger version (00004). Besides transactions and splits,
-- what reports read also bumps it, in the same transaction as the change: statements (coverage,
-- balances), transfer and duplicate links (transfers summary), a document's status (open review
-- items), accounts (names in cash flow) and categories (lines, kinds and names group every report).

create trigger statements_ledger_version_ins after insert on statements
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger statements_ledger_version_upd after update on statements
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger statements_ledger_version_del after delete on statements
  referencing old table as old_rows for each statement execute function bump_ledger_version();

create trigger transaction_links_ledger_version_ins after insert on transaction_links
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger transaction_links_ledger_version_upd after update on transaction_links
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger transaction_links_ledger_version_del after delete on transaction_links
  referencing old table as old_rows for each statement execute function bump_ledger_version();

create function bump_ledger_version_of_row_client() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update clients set ledger_version = ledger_version + 1 where id = new.client_id;
  return null;
end
$$;

create trigger documents_ledger_version after update on documents
  for each row when (old.status is distinct from new.status)
  execute function bump_ledger_version_of_row_client();

create trigger accounts_ledger_version after update on accounts
  for each row when ((old.name, old.institution, old.number_last4, old.type, old.currency)
                     is distinct from (new.name, new.institution, new.number_last4, new.type, new.currency))
  execute function bump_ledger_version_of_row_client();

create function bump_ledger_version_of_firm() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update clients set ledger_version = ledger_version + 1 where firm_id = new.firm_id;
  return null;
end
$$;

create trigger categories_ledger_version after update on categories
  for each row when ((old.name, old.line, old.kind, old.parent_id) is distinct from (new.name, new.line, new.kind, new.parent_id))
  execute function bump_ledger_version_of_firm();
