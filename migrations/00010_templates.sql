-- Document templates a firm writes or uploads: Markdown, plain text or HTML (the text is in
-- body) or a Word document (the file is in content). Built-in templates live in the code
-- (src/templates/builtin/) and are not stored here. Templates are archived, never deleted, so
-- the audit trail of a generated document keeps pointing at the template it came from.

create table document_templates (
  id uuid primary key default gen_random_uuid(),
  firm_id uuid not null references firms (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  format text not null check (format in ('md', 'txt', 'html', 'docx')),
  body text check (length(body) <= 200000),
  content bytea check (octet_length(content) <= 5242880),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz,
  -- Text formats keep their text, DOCX its file; never both.
  check ((format = 'docx') = (content is not null)),
  check ((format = 'docx') = (body is null))
);
create index document_templates_firm_idx on document_templates (firm_id, lower(name)) where archived_at is null;

alter table document_templates enable row level security;
create policy firm_isolation on document_templates
  using (firm_id = current_firm_id()) with check (firm_id = current_firm_id());
grant select, insert, update on document_templates to ledgerflow_app;
