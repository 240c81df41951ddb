-- Identity and tenancy: firms (the tenant), users, memberships with roles, clients and their
-- staff assignments, invites, sessions with rotating refresh tokens, password resets,
-- personal API tokens, and the append-only audit log.
--
-- Isolation: every tenant table has firm_id and a row-level security policy comparing it
-- with current_firm_id(), which reads the transaction-local setting app.firm_id. The
-- application connects with role ledgerflow_app, which owns nothing and cannot bypass RLS;
-- a query that forgets its WHERE clause sees only the current firm's rows, or none.

do $$
begin
  if not exists (select from pg_roles where rolname = 'ledgerflow_app') then
    create role ledgerflow_app nologin nosuperuser nobypassrls;
  end if;
end
$$;
-- The migrating user must be a member to connect "as" the role (startup parameter role=…).
grant ledgerflow_app to current_user;
grant usage on schema public to ledgerflow_app;

create function current_firm_id() returns uuid
language sql stable as $$
  select nullif(current_setting('app.firm_id', true), '')::uuid
$$;

-- Jobs are enqueued by triggers fired by the app role, which has no rights on
-- graphile_worker: the trigger function runs with its owner's rights instead.
alter function enqueue_job_on_insert() security definer set search_path = public, pg_temp;

grant select, insert, update, delete on worker_heartbeats to ledgerflow_app;
grant select, insert, update on queue_probes to ledgerflow_app;

-- Queue depth for /status and /metrics without granting the app role graphile_worker's tables.
create function queue_depth(out waiting integer, out running integer, out failed integer)
language sql stable security definer set search_path = public, pg_temp as $$
  select count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now())::int,
         count(*) filter (where locked_at is not null)::int,
         count(*) filter (where attempts >= max_attempts)::int
    from graphile_worker.jobs
$$;
grant execute on function queue_depth() to ledgerflow_app;
grant select on schema_migrations to ledgerflow_app;

-- Firms -----------------------------------------------------------------------------------
create table firms (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  require_two_factor boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

-- Users are global (one person may work for several firms); they hold no firm data.
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  name text not null default '' check (length(name) <= 200),
  password_hash text not null,
  password_changed_at timestamptz not null default now(),
  totp_secret_enc text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  recovery_codes jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
  firm_id uuid not null references firms (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'preparer', 'reviewer', 'read_only')),
  created_at timestamptz not null default now(),
  primary key (firm_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

-- Clients: the firm's customers ------------------------------------------------------------
create table clients (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  entity_type text not null default 'sole_proprietor' check (entity_type in (
    'individual', 'sole_proprietor', 'single_member_llc', 'partnership', 's_corp', 'c_corp', 'nonprofit', 'other'
  )),
  tax_id_enc text,
  tax_id_last4 text check (tax_id_last4 ~ '^[0-9]{4}$'),
  contact_name text not null default '' check (length(contact_name) <= 200),
  contact_email text not null default '' check (length(contact_email) <= 254),
  contact_phone text not null default '' check (length(contact_phone) <= 50),
  fiscal_year_start smallint not null default 1 check (fiscal_year_start between 1 and 12),
  notes text not null default '' check (length(notes) <= 10000),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index clients_firm_name_idx on clients (firm_id, lower(name));
-- Lets composite foreign keys prove a child row belongs to the same firm as its client.
create unique index clients_firm_id_key on clients (firm_id, id);

create table client_assignments (
  firm_id uuid not null,
  client_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (client_id, user_id),
  foreign key (firm_id, client_id) references clients (firm_id, id) on delete cascade,
  foreign key (firm_id, user_id) references memberships (firm_id, user_id) on delete cascade
);

-- Invites, sessions, resets, tokens -------------------------------------------------------
create table invites (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  email text not null,
  role text not null check (role in ('admin', 'preparer', 'reviewer', 'read_only')),
  client_ids uuid[] not null default '{}',
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz
);

-- A session is one sign-in on one device: the family of its rotating refresh tokens.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  firm_id uuid not null references firms (id) on delete cascade,
  kind text not null check (kind in ('web', 'api')),
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text
);
create index sessions_user_idx on sessions (user_id);

create table refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  rotated_at timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

create table password_resets (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  role text not null check (role in ('owner', 'admin', 'preparer', 'reviewer', 'read_only')),
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Audit log: append-only ------------------------------------------------------------------
create table audit_log (
  id bigint generated always as identity primary key,
  firm_id uuid references firms (id),
  at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_token', 'system', 'anonymous')),
  actor_id text,
  actor_label text not null default '',
  action text not null,
  entity_type text not null,
  entity_id text,
  changes jsonb not null default '{}',
  ip text,
  user_agent text,
  request_id text
);
create index audit_log_firm_at_idx on audit_log (firm_id, at desc);
create index audit_log_entity_idx on audit_log (firm_id, entity_type, entity_id, at desc);

create function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

-- Row-level security -----------------------------------------------------------------------
alter table firms enable row level security;
create policy firm_isolation on firms using (id = current_firm_id()) with check (id = current_firm_id());

do $$
declare t text;
begin
  foreach t in array array['memberships', 'clients', 'client_assignments', 'invites', 'api_tokens', 'audit_log'] loop
    execute format('alter table %I enable row level security', t);
    execute format(
      'create policy firm_isolation on %I using (firm_id = current_firm_id()) with check (firm_id = current_firm_id())', t
    );
  end loop;
end
$$;

-- Sessions are per user but carry the firm they act in: scoped like tenant rows.
alter table sessions enable row level security;
create policy firm_isolation on sessions using (firm_id = current_firm_id()) with check (firm_id = current_firm_id());

-- Grants ----------------------------------------------------------------------------------
grant select, insert, update on firms to ledgerflow_app;
grant select, insert, update on users to ledgerflow_app;
grant select, insert, update, delete on memberships, clients, client_assignments, invites, api_tokens to ledgerflow_app;
grant select, insert, update on sessions, refresh_tokens, password_resets to ledgerflow_app;
grant select, insert on audit_log to ledgerflow_app;

-- Look-ups that must happen before the firm is known run with the owner's rights and return
-- only what authentication needs.

-- The firms a user belongs to (sign-in, firm switcher).
create function user_firms(p_user_id uuid)
returns table (firm_id uuid, firm_name text, role text, require_two_factor boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select f.id, f.name, m.role, f.require_two_factor
    from memberships m join firms f on f.id = m.firm_id
   where m.user_id = p_user_id and f.deleted_at is null
   order by f.name
$$;

-- An API token by its hash; marks it used.
create function use_api_token(p_token_hash text)
returns table (token_id uuid, firm_id uuid, user_id uuid, role text)
language sql volatile security definer set search_path = public, pg_temp as $$
  update api_tokens t set last_used_at = now()
    from memberships m, firms f
   where t.token_hash = p_token_hash and t.revoked_at is null
     and m.firm_id = t.firm_id and m.user_id = t.user_id
     and f.id = t.firm_id and f.deleted_at is null
  returning t.id, t.firm_id, t.user_id, t.role
$$;

-- A session by its refresh token hash (for rotation), without knowing the firm.
create function session_for_refresh_token(p_token_hash text)
returns table (session_id uuid, firm_id uuid, user_id uuid, rotated boolean, revoked boolean, expired boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select s.id, s.firm_id, s.user_id, r.rotated_at is not null, s.revoked_at is not null, s.expires_at <= now()
    from refresh_tokens r join sessions s on s.id = r.session_id
   where r.token_hash = p_token_hash
$$;

-- Whether a session is usable (checked on every authenticated request).
create function session_is_active(p_session_id uuid)
returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (
    select 1 from sessions s join firms f on f.id = s.firm_id
     where s.id = p_session_id and s.revoked_at is null and s.expires_at > now() and f.deleted_at is null
  )
$$;

-- Revokes every session of a refresh-token family (reuse of a rotated token).
create function revoke_session(p_session_id uuid, p_reason text)
returns void
language sql volatile security definer set search_path = public, pg_temp as $$
  update sessions set revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, p_reason)
   where id = p_session_id
$$;

-- An invite by its token hash (the invitee has no firm yet).
create function find_invite(p_token_hash text)
returns table (invite_id uuid, firm_id uuid, firm_name text, email text, role text, usable boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select i.id, i.firm_id, f.name, i.email, i.role,
         i.accepted_at is null and i.revoked_at is null and i.expires_at > now() and f.deleted_at is null
    from invites i join firms f on f.id = i.firm_id
   where i.token_hash = p_token_hash
$$;

-- Whether any firm exists (first run leads to "create your firm").
create function any_firm_exists() returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from firms where deleted_at is null)
$$;

-- Revokes all of a user's sessions in every firm (password change or reset), optionally but one.
create function revoke_user_sessions(p_user_id uuid, p_except uuid, p_reason text)
returns integer
language sql volatile security definer set search_path = public, pg_temp as $$
  with revoked as (
    update sessions set revoked_at = now(), revoked_reason = p_reason
     where user_id = p_user_id and revoked_at is null and id is distinct from p_except
    returning 1
  )
  select count(*)::int from revoked
$$;

-- Account-level audit events that belong to no single firm (sign-in lockouts, password
-- resets): recorded with firm_id null, readable only by operators.
create function audit_account_event(
  p_actor_type text, p_actor_id text, p_actor_label text, p_action text, p_entity_type text, p_entity_id text,
  p_changes jsonb, p_ip text, p_user_agent text, p_request_id text
) returns void
language sql volatile security definer set search_path = public, pg_temp as $$
  insert into audit_log (firm_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, changes, ip,
                         user_agent, request_id)
  values (null, p_actor_type, p_actor_id, p_actor_label, p_action, p_entity_type, p_entity_id, p_changes, p_ip,
          p_user_agent, p_request_id)
$$;

grant execute on function revoke_user_sessions(uuid, uuid, text),
  audit_account_event(text, text, text, text, text, text, jsonb, text, text, text) to ledgerflow_app;

grant execute on function current_firm_id(), user_firms(uuid), use_api_token(text), session_for_refresh_token(text),
  session_is_active(uuid), revoke_session(uuid, text), find_invite(text), any_firm_exists() to ledgerflow_app;
