-- Rules engine: the apply_rules job is queued for a document when its transactions are saved
-- (enqueue_apply_rules, called at the end of the save transaction), and for a rule run when
-- the rule_runs row is inserted ("apply to existing"). The app role has no rights on
-- graphile_worker, so both go through functions that run with their owner's rights.

-- Queues apply_rules for a document of the current firm. One pending job per document: a
-- re-parse replaces a job that has not started yet.
create function enqueue_apply_rules(p_document_id uuid) returns void
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from documents where id = p_document_id and firm_id = current_firm_id()) then
    raise exception 'document not found' using errcode = 'P0002';
  end if;
  perform graphile_worker.add_job(
    identifier := 'apply_rules',
    payload := json_build_object('document_id', p_document_id),
    job_key := 'apply_rules:document:' || p_document_id::text,
    job_key_mode := 'replace',
    max_attempts := 5
  );
end
$$;

-- The job learns its firm from the run id before it can scope its transaction.
create function rule_run_firm_id(p_run_id uuid) returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select firm_id from rule_runs where id = p_run_id
$$;

grant execute on function enqueue_apply_rules(uuid), rule_run_firm_id(uuid) to ledgerflow_app;

-- "Apply to existing": the run row and its job exist together.
create trigger rule_runs_enqueue
  after insert on rule_runs
  for each row execute function enqueue_job_on_insert('apply_rules', 'run_id', '3');

create index rules_firm_client_idx on rules (firm_id, client_id);
create index rule_runs_client_idx on rule_runs (client_id, created_at desc);
