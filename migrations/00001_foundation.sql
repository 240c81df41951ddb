-- Foundation: worker heartbeats, queue probes, and the generic "enqueue a job when a row is
-- inserted" trigger function that later tables (documents, …) use.

-- Each running worker process upserts its row every few seconds; /readyz and the status
-- page read it, so a web-only process knows whether any worker is alive.
create table worker_heartbeats (
  id text primary key,
  host text not null,
  pid integer not null,
  concurrency integer not null,
  started_at timestamptz not null,
  seen_at timestamptz not null
);

-- enqueue_job_on_insert(task, payload_key): AFTER INSERT row trigger that adds one
-- graphile-worker job per row, with job_key '<task>:<id>' so the job exists exactly when
-- the row does and a replayed insert never queues it twice.
create function enqueue_job_on_insert() returns trigger
language plpgsql as $$
begin
  perform graphile_worker.add_job(
    identifier := tg_argv[0],
    payload := json_build_object(coalesce(tg_argv[1], 'id'), new.id),
    job_key := tg_argv[0] || ':' || new.id::text,
    job_key_mode := 'preserve_run_at'
  );
  return new;
end
$$;

-- A queue probe is a round trip through the job system: the insert enqueues queue_probe,
-- the worker marks it completed. The status page offers it as a self-test.
create table queue_probes (
  id uuid primary key default gen_random_uuid(),
  requested_at timestamptz not null default now(),
  completed_at timestamptz,
  worker_id text,
  attempts integer not null default 0
);

create trigger queue_probes_enqueue
  after insert on queue_probes
  for each row execute function enqueue_job_on_insert('queue_probe', 'probe_id');
