CREATE TABLE IF NOT EXISTS jobs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    work_millis INT NOT NULL,
    state VARCHAR(16) NOT NULL,
    completions INT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, id);
-- Claims across processes: who runs a job, and until when its claim holds unless that instance extends it.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(64);
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claim_until TIMESTAMP;
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS done_by VARCHAR(64);

CREATE TABLE IF NOT EXISTS events (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    payload VARCHAR(4000) NOT NULL,
    accepted_at TIMESTAMP NOT NULL
);

-- Every run of the exclusive reaper, by instance: two runs of it never overlap.
CREATE TABLE IF NOT EXISTS reaper_runs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    instance_id VARCHAR(64) NOT NULL,
    started_at TIMESTAMP(6) NOT NULL,
    ended_at TIMESTAMP(6)
);

-- Spring Integration's lock table (its schema-h2.sql), where exclusive workers keep their leases.
CREATE TABLE IF NOT EXISTS INT_LOCK (
    LOCK_KEY CHAR(36) NOT NULL,
    REGION VARCHAR(100) NOT NULL,
    CLIENT_ID CHAR(36),
    CREATED_DATE TIMESTAMP NOT NULL,
    EXPIRED_AFTER TIMESTAMP NOT NULL,
    CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION)
);
