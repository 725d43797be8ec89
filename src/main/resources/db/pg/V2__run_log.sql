-- The daemon's run log (daemon.RunRecorder), kept here too when the state is: one row per
-- run of a channel, the same JSON object as a line of the run log file, with the host that ran
-- it, so that the runs of every node of a cluster can be read in one place.
CREATE TABLE run_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel     text NOT NULL,
    host        text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    report      jsonb NOT NULL
);
CREATE INDEX run_log_channel ON run_log (channel, recorded_at);
