-- The serve processes alive on this database, so limits kept in each process's memory can be divided
-- among them (see ProcessCensus). Unlogged: a heartbeat is worth nothing after a crash, and needs no
-- WAL; the table empties itself on crash recovery and fills again within seconds.
CREATE UNLOGGED TABLE serve_processes (
    id      uuid PRIMARY KEY,
    seen_at timestamptz NOT NULL DEFAULT now()
);
