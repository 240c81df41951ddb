-- Documents and the ledger they produce: uploaded files (stored encrypted outside the
-- database), the accounts they belong to, statements with their verification, transactions,
-- and CSV import profiles. Inserting a document enqueues its parse job (trigger).

create table documents (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  filename text not null check (length(filename) between 1 and 255),
  kind text not null check (kind in ('pdf', 'csv', 'ofx')),
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  status text not null default 'queued' check (status in (
    'received', 'queued', 'extracting', 'parsing', 'parsed', 'needs_review', 'needs_password', 'needs_mapping',
    'unreadable', 'failed'
  )),
  reason text,
  progress smallint not null default 0 check (progress between 0 and 100),
  parser text,
  forced_parser text,
  result jsonb,
  uploaded_by uuid references users (id) on delete set null,
  idempotency_key text check (length(idempotency_key) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  parsed_at timestamptz,
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade,
  unique (client_id, sha256)
);
create unique index documents_idempotency_key on documents (firm_id, idempotency_key) where idempotency_key is not null;
create index documents_client_idx on documents (firm_id, client_id, created_at desc);

-- enqueue_job_on_insert gains an optional third argument: the job's maximum attempts.
create or replace function enqueue_job_on_insert() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform graphile_worker.add_job(
    identifier := tg_argv[0],
    payload := json_build_object(coalesce(tg_argv[1], 'id'), new.id),
    job_key := tg_argv[0] || ':' || new.id::text,
    job_key_mode := 'preserve_run_at',
    max_attempts := coalesce(tg_argv[2], '25')::int
  );
  return new;
end
$$;

create trigger documents_enqueue_parse
  after insert on documents
  for each row execute function enqueue_job_on_insert('parse_document', 'document_id', '5');

create table accounts (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  institution text not null default '',
  number_last4 text not null default '' check (number_last4 ~ '^[0-9]{0,4}$'),
  number_enc text,
  type text not null check (type in ('checking', 'savings', 'credit_card', 'other')),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  name text not null default '',
  created_at timestamptz not null default now(),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade,
  unique (client_id, institution, number_last4, type)
);
create unique index accounts_firm_id_key on accounts (firm_id, id);

create table statements (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  account_id uuid not null,
  document_id uuid not null references documents (id) on delete cascade,
  period_start date,
  period_end date,
  opening_balance bigint,
  closing_balance bigint,
  currency text not null,
  verification_status text not null check (verification_status in ('passed', 'failed', 'unverifiable')),
  verification jsonb not null default '{}',
  created_at timestamptz not null default now(),
  foreign key (firm_id, account_id) references accounts (firm_id, id) on delete cascade,
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade
);
create index statements_account_idx on statements (account_id, period_start);
create index statements_document_idx on statements (document_id);

create table transactions (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  account_id uuid not null,
  statement_id uuid not null references statements (id) on delete cascade,
  document_id uuid not null references documents (id) on delete cascade,
  date date not null,
  posted_date date,
  description text not null,
  amount bigint not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  balance bigint,
  external_id text,
  -- Identity of the transaction within its account: date, amount, description and the
  -- occurrence number among identical ones in one statement. Overlapping statements of one
  -- account produce the same fingerprints, so nothing is counted twice.
  fingerprint text not null,
  source jsonb,
  line_no integer not null,
  created_at timestamptz not null default now(),
  foreign key (firm_id, account_id) references accounts (firm_id, id) on delete cascade,
  unique (account_id, fingerprint)
);
create index transactions_client_date_idx on transactions (firm_id, client_id, date desc, id desc);
create index transactions_document_idx on transactions (document_id);

create table import_profiles (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null,
  client_id uuid not null,
  account_id uuid,
  header_signature text not null,
  mapping jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade,
  unique (client_id, header_signature)
);

do $$
declare t text;
begin
  foreach t in array array['documents', 'accounts', 'statements', 'transactions', 'import_profiles'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy firm_isolation on %I using (firm_id = current_firm_id()) with check (firm_id = current_firm_id())', t
    );
    execute format('grant select, insert, update, delete on %I to ledgerflow_app', t);
  end loop;
end
$$;

-- The parse job learns its firm from the document id before it can scope its transaction.
create function document_firm_id(p_document_id uuid) returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select firm_id from documents where id = p_document_id
$$;

-- Queues a document for parsing again (password given, parser forced, "re-parse"). The
-- payload may carry an encrypted one-time password; the job row disappears when it is done.
create function requeue_document(p_document_id uuid, p_payload json) returns void
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from documents where id = p_document_id and firm_id = current_firm_id()) then
    raise exception 'document not found' using errcode = 'P0002';
  end if;
  perform graphile_worker.add_job(
    identifier := 'parse_document',
    payload := p_payload,
    job_key := 'parse_document:' || p_document_id::text,
    job_key_mode := 'replace',
    max_attempts := 5
  );
end
$$;

grant execute on function document_firm_id(uuid), requeue_document(uuid, json) to ledgerflow_app;

-- Workers record the graphile-worker ids they run, so a crashed process's locked jobs can be
-- released as soon as its heartbeat goes stale (instead of graphile-worker's 4-hour timeout).
alter table worker_heartbeats add column job_worker_ids text[] not null default '{}';

create function release_dead_workers(p_stale_seconds integer) returns integer
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  dead text[];
  released integer;
begin
  select coalesce(array_agg(w), '{}') into dead
    from worker_heartbeats h, unnest(h.job_worker_ids) w
   where h.seen_at < now() - make_interval(secs => p_stale_seconds);
  if array_length(dead, 1) is null then
    delete from worker_heartbeats where seen_at < now() - make_interval(secs => p_stale_seconds);
    return 0;
  end if;
  perform graphile_worker.force_unlock_workers(dead);
  delete from worker_heartbeats where seen_at < now() - make_interval(secs => p_stale_seconds);
  get diagnostics released = row_count;
  return released;
end
$$;
grant execute on function release_dead_workers(integer) to ledgerflow_app;
