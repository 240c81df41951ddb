-- Ledger search (src/ledger/search/): a firm-scoped view that lets the planner use the GIN
-- indexes, the index that pages by amount, the vocabulary of the fuzzy fallback, and monthly
-- rollups that answer totals without reading every transaction.

-- Row-level security and GIN do not mix: the planner may only use a user's WHERE clause as an
-- index condition before the policy's check when its operator is LEAKPROOF, and `@@`
-- (ts_match_vq), pg_trgm's `%`/`<%` and array `@>` are not. Under the policy every search
-- therefore walks all of the firm's rows (measured: 940 ms instead of 23 ms for a rare word
-- over 1,000,000 rows). This view is the search surface instead: it is owned by the table
-- owner (so the policy does not apply inside it) and filters on the firm explicitly, exactly
-- like the policy does, so a query without a firm set sees nothing and a forgotten WHERE
-- clause sees only the current firm. It deliberately has no firm_id column; queries still
-- join accounts and categories, which keep their policies.
create view transaction_search as
  select id, client_id, account_id, statement_id, document_id, date, posted_date, description, amount, currency,
         balance, source, line_no, category_id, category_name, payee, memo, tags, business_pct, needs_review,
         search
    from transactions
   where firm_id = current_firm_id();
grant select on transaction_search to ledgerflow_app;

-- Sorting by amount pages on (amount, id), and signed amount filters read one range of it; it
-- replaces (client_id, amount), as every query of the app role carries the policy's firm_id.
-- `amount:>100` compares the size of the amount (money in or out): one range of the
-- abs(amount) index. Both carry what totals read, and so does the date index (totals of
-- partial months), so those totals need no table rows.
drop index transactions_client_amount_idx;
create index transactions_client_amount_idx on transactions (firm_id, client_id, amount, id) include (currency);
create index transactions_client_abs_amount_idx on transactions (firm_id, client_id, abs(amount))
  include (amount, currency);
drop index transactions_client_date_idx;
create index transactions_client_date_idx on transactions (firm_id, client_id, date desc, id desc)
  include (amount, currency);

-- The fuzzy fallback's vocabulary: every alphabetic word (3 to 40 letters, as lexemes of the
-- search vector: lower case, accents removed) of a client's transactions. Misspelled words
-- are corrected against it with pg_trgm similarity, then searched as full text. Triggers
-- collect words as rows are inserted or updated; words of deleted rows stay (a correction to
-- a word that no longer occurs simply finds nothing).
create table search_terms (
  firm_id uuid not null,
  client_id uuid not null,
  term text not null check (term ~ '^[[:alpha:]]{3,40}$'),
  primary key (client_id, term),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);
alter table search_terms enable row level security;
create policy firm_isolation on search_terms using (firm_id = current_firm_id()) with check (firm_id = current_firm_id());
grant select on search_terms to ledgerflow_app;

create function collect_search_terms() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into search_terms (firm_id, client_id, term)
  select distinct n.firm_id, n.client_id, w.term
    from new_rows n cross join lateral unnest(tsvector_to_array(n.search)) as w(term)
   where w.term ~ '^[[:alpha:]]{3,40}$'
  on conflict do nothing;
  return null;
end
$$;
create trigger transactions_search_terms_ins after insert on transactions
  referencing new table as new_rows for each statement execute function collect_search_terms();
create trigger transactions_search_terms_upd after update on transactions
  referencing new table as new_rows for each statement execute function collect_search_terms();

insert into search_terms (firm_id, client_id, term)
select distinct t.firm_id, t.client_id, w.term
  from transactions t cross join lateral unnest(tsvector_to_array(t.search)) as w(term)
 where w.term ~ '^[[:alpha:]]{3,40}$'
on conflict do nothing;

-- Monthly rollups: count, money in and money out per client, month, account, category, review
-- flag and currency, kept exact by statement triggers (one upsert per group, in key order,
-- after transactions_ledger_version_* has locked the client's row, so writers of one client
-- are already serialized). Totals of a list filtered only by those dimensions and by dates
-- read these rows for whole months and the transactions themselves for partial months.
create table transaction_rollups (
  firm_id uuid not null,
  client_id uuid not null,
  month date not null check (month = date_trunc('month', month)::date),
  account_id uuid not null,
  category_id uuid,
  needs_review boolean not null,
  currency text not null,
  n bigint not null,
  inflow bigint not null,
  outflow bigint not null,
  constraint transaction_rollups_key unique nulls not distinct
    (client_id, month, account_id, category_id, needs_review, currency),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);
alter table transaction_rollups enable row level security;
create policy firm_isolation on transaction_rollups
  using (firm_id = current_firm_id()) with check (firm_id = current_firm_id());
grant select on transaction_rollups to ledgerflow_app;

create function transaction_rollups_apply() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    insert into transaction_rollups as r
      (firm_id, client_id, month, account_id, category_id, needs_review, currency, n, inflow, outflow)
    select firm_id, client_id, date_trunc('month', date)::date, account_id, category_id, needs_review, currency,
           count(*), sum(greatest(amount, 0)), sum(greatest(-amount, 0))
      from new_rows
     group by 1, 2, 3, 4, 5, 6, 7
     order by 2, 3, 4, 5, 6, 7
    on conflict on constraint transaction_rollups_key do update
      set n = r.n + excluded.n, inflow = r.inflow + excluded.inflow, outflow = r.outflow + excluded.outflow;
  elsif tg_op = 'DELETE' then
    -- Only existing rows change: when a client is deleted its rollups may be gone already.
    update transaction_rollups r
       set n = r.n - d.n, inflow = r.inflow - d.inflow, outflow = r.outflow - d.outflow
      from (select client_id, date_trunc('month', date)::date as month, account_id, category_id, needs_review, currency,
                   count(*) as n, sum(greatest(amount, 0)) as inflow, sum(greatest(-amount, 0)) as outflow
              from old_rows
             group by 1, 2, 3, 4, 5, 6) d
     where r.client_id = d.client_id and r.month = d.month and r.account_id = d.account_id
       and r.category_id is not distinct from d.category_id and r.needs_review = d.needs_review
       and r.currency = d.currency;
  else
    insert into transaction_rollups as r
      (firm_id, client_id, month, account_id, category_id, needs_review, currency, n, inflow, outflow)
    select firm_id, client_id, month, account_id, category_id, needs_review, currency, sum(n), sum(i), sum(o)
      from (select firm_id, client_id, date_trunc('month', date)::date as month, account_id, category_id, needs_review,
                   currency, 1 as n, greatest(amount, 0) as i, greatest(-amount, 0) as o
              from new_rows
            union all
            select firm_id, client_id, date_trunc('month', date)::date, account_id, category_id, needs_review,
                   currency, -1, -greatest(amount, 0), -greatest(-amount, 0)
              from old_rows) d
     group by 1, 2, 3, 4, 5, 6, 7
    having sum(n) <> 0 or sum(i) <> 0 or sum(o) <> 0
     order by 2, 3, 4, 5, 6, 7
    on conflict on constraint transaction_rollups_key do update
      set n = r.n + excluded.n, inflow = r.inflow + excluded.inflow, outflow = r.outflow + excluded.outflow;
  end if;
  return null;
end
$$;
create trigger transactions_rollups_ins after insert on transactions
  referencing new table as new_rows for each statement execute function transaction_rollups_apply();
create trigger transactions_rollups_upd after update on transactions
  referencing old table as old_rows new table as new_rows for each statement execute function transaction_rollups_apply();
create trigger transactions_rollups_del after delete on transactions
  referencing old table as old_rows for each statement execute function transaction_rollups_apply();

insert into transaction_rollups (firm_id, client_id, month, account_id, category_id, needs_review, currency, n, inflow,
                                 outflow)
select firm_id, client_id, date_trunc('month', date)::date, account_id, category_id, needs_review, currency,
       count(*), sum(greatest(amount, 0)), sum(greatest(-amount, 0))
  from transactions
 group by 1, 2, 3, 4, 5, 6, 7;
