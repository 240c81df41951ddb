-- The review queue (src/review/): transfer and duplicate detection runs as the detect_links
-- job, queued for a client at the end of every document save (enqueue_detect_links, called in
-- the save transaction). The app role has no rights on graphile_worker, so the job is queued
-- through a function that runs with its owner's rights; the job learns the client's firm the
-- same way before it can scope its transaction.

-- Queues detect_links for a client of the current firm. One pending job per client: a job
-- that has not started yet is replaced (several documents parsed together detect once).
create function enqueue_detect_links(p_client_id uuid) returns void
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from clients where id = p_client_id and firm_id = current_firm_id()) then
    raise exception 'client not found' using errcode = 'P0002';
  end if;
  perform graphile_worker.add_job(
    identifier := 'detect_links',
    payload := json_build_object('client_id', p_client_id),
    job_key := 'detect_links:' || p_client_id::text,
    job_key_mode := 'replace',
    max_attempts := 5
  );
end
$$;

create function client_firm_id(p_client_id uuid) returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select firm_id from clients where id = p_client_id
$$;

grant execute on function enqueue_detect_links(uuid), client_firm_id(uuid) to ledgerflow_app;

-- Links by transaction (detection skips transactions already linked; deletes cascade) and the
-- open suggestions of a client (queue sections, badge counts).
create index transaction_links_a_idx on transaction_links (a_id);
create index transaction_links_b_idx on transaction_links (b_id);
create index transaction_links_open_idx on transaction_links (firm_id, client_id, kind) where status = 'suggested';

-- Documents waiting for a person, per client (queue and badge).
create index documents_attention_idx on documents (firm_id, client_id)
  where status in ('needs_review', 'needs_password', 'needs_mapping');

-- Rule conflicts: the rules engine records, per changed transaction, every rule that matched
-- (changes->'_details'->'matched_rule_ids'). Only rows where more than one matched can be a
-- conflict; this keeps finding them cheap however long the audit log grows.
create index audit_log_rule_matches_idx on audit_log (firm_id, entity_id, id desc)
  where action = 'transaction.rules_applied'
    and (case when jsonb_typeof(changes->'_details'->'matched_rule_ids') = 'array'
              then jsonb_array_length(changes->'_details'->'matched_rule_ids') else 0 end) > 1;
