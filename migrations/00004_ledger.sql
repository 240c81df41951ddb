-- The ledger workspace: categories (IRS Schedule C out of the box), what people add to a
-- transaction (category, payee, memo, tags, business use, review flag, splits), full-text and
-- fuzzy search, rules, saved views, transfer and duplicate links, and a per-client ledger
-- version that every write bumps (report caches are keyed by it).

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- Search configuration: no stemming (merchant codes stay intact), accents folded.
create text search configuration ledgerflow_search (copy = simple);
alter text search configuration ledgerflow_search
  alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with unaccent, simple;

-- Categories ------------------------------------------------------------------------------
create table categories (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  -- Schedule C line ("8", "16a", "27a", "30", "1"…) or null for non-Schedule-C categories.
  line text check (line ~ '^[0-9]{1,2}[a-z]?$'),
  parent_id uuid references categories (id),
  kind text not null check (kind in ('income', 'expense', 'transfer', 'owner', 'personal', 'uncategorized')),
  system boolean not null default false,
  position integer not null default 0,
  archived_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index categories_firm_name_key on categories (firm_id, lower(name)) where archived_at is null;
create unique index categories_firm_id_key on categories (firm_id, id);

-- The chart every new firm starts with.
create function seed_firm_categories(p_firm_id uuid) returns void
language sql volatile security definer set search_path = public, pg_temp as $$
  insert into categories (firm_id, name, line, kind, system, position)
  select p_firm_id, c.name, c.line, c.kind, true, c.position
    from (values
      ('Gross receipts or sales', '1', 'income', 10),
      ('Returns and allowances', '2', 'income', 20),
      ('Other income', '6', 'income', 60),
      ('Advertising', '8', 'expense', 80),
      ('Car and truck expenses', '9', 'expense', 90),
      ('Commissions and fees', '10', 'expense', 100),
      ('Contract labor', '11', 'expense', 110),
      ('Depletion', '12', 'expense', 120),
      ('Depreciation and section 179 expense', '13', 'expense', 130),
      ('Employee benefit programs', '14', 'expense', 140),
      ('Insurance (other than health)', '15', 'expense', 150),
      ('Mortgage interest', '16a', 'expense', 160),
      ('Other interest', '16b', 'expense', 165),
      ('Legal and professional services', '17', 'expense', 170),
      ('Office expense', '18', 'expense', 180),
      ('Pension and profit-sharing plans', '19', 'expense', 190),
      ('Rent or lease: vehicles, machinery, equipment', '20a', 'expense', 200),
      ('Rent or lease: other business property', '20b', 'expense', 205),
      ('Repairs and maintenance', '21', 'expense', 210),
      ('Supplies', '22', 'expense', 220),
      ('Taxes and licenses', '23', 'expense', 230),
      ('Travel', '24a', 'expense', 240),
      ('Deductible meals', '24b', 'expense', 245),
      ('Utilities', '25', 'expense', 250),
      ('Wages', '26', 'expense', 260),
      ('Other expenses', '27a', 'expense', 270),
      ('Business use of home', '30', 'expense', 300),
      ('Transfer', null, 'transfer', 900),
      ('Owner draw', null, 'owner', 910),
      ('Owner contribution', null, 'owner', 920),
      ('Personal', null, 'personal', 930),
      ('Uncategorized', null, 'uncategorized', 999)
    ) as c(name, line, kind, position)
  on conflict do nothing
$$;

create function seed_categories_for_new_firm() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform seed_firm_categories(new.id);
  return new;
end
$$;
create trigger firms_seed_categories after insert on firms
  for each row execute function seed_categories_for_new_firm();

select seed_firm_categories(id) from firms;

-- Transactions gain what people add to them ----------------------------------------------
alter table transactions
  add column category_id uuid,
  add column category_name text not null default '',
  add column payee text not null default '' check (length(payee) <= 200),
  add column memo text not null default '' check (length(memo) <= 2000),
  add column tags text[] not null default '{}',
  add column business_pct smallint not null default 100 check (business_pct between 0 and 100),
  add column needs_review boolean not null default false,
  -- Fields a person set by hand; rules leave them alone unless a rule says otherwise.
  add column edited_fields text[] not null default '{}',
  add column rule_id uuid,
  add column updated_at timestamptz not null default now(),
  add constraint transactions_category_fk foreign key (firm_id, category_id) references categories (firm_id, id),
  add column search tsvector generated always as (
    setweight(to_tsvector('ledgerflow_search', payee), 'A') ||
    setweight(to_tsvector('ledgerflow_search', description), 'B') ||
    setweight(to_tsvector('ledgerflow_search', memo), 'C') ||
    setweight(to_tsvector('ledgerflow_search', category_name), 'C')
  ) stored;

create index transactions_search_idx on transactions using gin (search);
create index transactions_description_trgm_idx on transactions using gin (description gin_trgm_ops);
create index transactions_payee_trgm_idx on transactions using gin (payee gin_trgm_ops);
create index transactions_client_category_idx on transactions (client_id, category_id);
create index transactions_client_amount_idx on transactions (client_id, amount);
create index transactions_tags_idx on transactions using gin (tags);

-- category_name follows the category (insert, change of category, rename).
create function transactions_category_name() returns trigger
language plpgsql as $$
begin
  new.category_name := coalesce((select name from categories where id = new.category_id), '');
  return new;
end
$$;
create trigger transactions_set_category_name
  before insert or update of category_id on transactions
  for each row execute function transactions_category_name();

create function categories_propagate_name() returns trigger
language plpgsql as $$
begin
  update transactions set category_name = new.name where category_id = new.id and category_name <> new.name;
  return new;
end
$$;
create trigger categories_rename after update of name on categories
  for each row execute function categories_propagate_name();

-- Splits: parts of one transaction, each with its own category, summing exactly to it ----
create table transaction_splits (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  transaction_id uuid not null references transactions (id) on delete cascade,
  category_id uuid,
  amount bigint not null,
  memo text not null default '',
  position smallint not null default 0,
  foreign key (firm_id, category_id) references categories (firm_id, id)
);
create index transaction_splits_transaction_idx on transaction_splits (transaction_id);

create function check_split_sums() returns trigger
language plpgsql as $$
declare
  tid uuid;
  parts integer;
  total bigint;
  whole bigint;
begin
  -- Each branch touches only the fields its table has.
  if tg_table_name = 'transactions' then
    tid := new.id;
  elsif tg_op = 'DELETE' then
    tid := old.transaction_id;
  else
    tid := new.transaction_id;
  end if;
  select count(*), coalesce(sum(amount), 0) into parts, total from transaction_splits where transaction_id = tid;
  if parts = 0 then
    return null;
  end if;
  select amount into whole from transactions where id = tid;
  if whole is not null and whole <> total then
    raise exception 'The splits of transaction % add up to % but its amount is %', tid, total, whole
      using errcode = '23514';
  end if;
  return null;
end
$$;
create constraint trigger transaction_splits_sum after insert or update or delete on transaction_splits
  deferrable initially deferred for each row execute function check_split_sums();
create constraint trigger transactions_splits_sum after update of amount on transactions
  deferrable initially deferred for each row execute function check_split_sums();

-- Rules ---------------------------------------------------------------------------------------
create table rules (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  client_id uuid,
  name text not null check (length(btrim(name)) between 1 and 120),
  position integer not null default 0,
  enabled boolean not null default true,
  conditions jsonb not null,
  actions jsonb not null,
  stop_processing boolean not null default false,
  overwrite_human_edits boolean not null default false,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);
create index rules_firm_position_idx on rules (firm_id, position);

create table rule_runs (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  client_id uuid not null,
  rule_id uuid references rules (id) on delete set null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  changed integer not null default 0,
  error text,
  requested_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);

-- Saved views: a named filter per user ----------------------------------------------------
create table saved_views (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  client_id uuid,
  name text not null check (length(btrim(name)) between 1 and 80),
  query text not null check (length(query) <= 2000),
  created_at timestamptz not null default now(),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);

-- Transfer pairs and duplicates: suggested, then confirmed or rejected by a person --------
create table transaction_links (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  kind text not null check (kind in ('transfer', 'duplicate')),
  a_id uuid not null references transactions (id) on delete cascade,
  b_id uuid not null references transactions (id) on delete cascade,
  status text not null default 'suggested' check (status in ('suggested', 'confirmed', 'rejected')),
  score real not null default 0,
  reason text not null default '',
  decided_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade,
  check (a_id <> b_id),
  unique (kind, a_id, b_id)
);

-- A transaction seen in several documents (overlapping statements, CSV and PDF of one
-- period) keeps every source.
create table transaction_sources (
  transaction_id uuid not null references transactions (id) on delete cascade,
  firm_id uuid not null,
  document_id uuid not null references documents (id) on delete cascade,
  statement_id uuid references statements (id) on delete set null,
  line_no integer,
  created_at timestamptz not null default now(),
  primary key (transaction_id, document_id)
);

-- Ledger version: bumped once per statement that writes a client's transactions -----------
alter table clients add column ledger_version bigint not null default 0;

create function bump_ledger_version() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op = 'DELETE' then
    update clients set ledger_version = ledger_version + 1 where id in (select distinct client_id from old_rows);
  else
    update clients set ledger_version = ledger_version + 1 where id in (select distinct client_id from new_rows);
  end if;
  return null;
end
$$;
create trigger transactions_ledger_version_ins after insert on transactions
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger transactions_ledger_version_upd after update on transactions
  referencing new table as new_rows for each statement execute function bump_ledger_version();
create trigger transactions_ledger_version_del after delete on transactions
  referencing old table as old_rows for each statement execute function bump_ledger_version();

create function bump_ledger_version_for_split() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update clients set ledger_version = ledger_version + 1
   where id = (select client_id from transactions where id = coalesce(new.transaction_id, old.transaction_id));
  return null;
end
$$;
create trigger transaction_splits_ledger_version after insert or update or delete on transaction_splits
  for each row execute function bump_ledger_version_for_split();

do $$
declare t text;
begin
  foreach t in array array['categories', 'transaction_splits', 'rules', 'rule_runs', 'saved_views', 'transaction_links',
                           'transaction_sources'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy firm_isolation on %I using (firm_id = current_firm_id()) with check (firm_id = current_firm_id())', t
    );
    execute format('grant select, insert, update, delete on %I to ledgerflow_app', t);
  end loop;
end
$$;
