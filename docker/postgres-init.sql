-- Runs once, when the postgres container initialises an empty data volume
-- (mounted into /docker-entrypoint-initdb.d/ by docker-compose.yml).
-- Temporal's own databases (temporal, temporal_visibility) are created by the temporal-schema service;
-- this creates the application's separate database, named in the api/worker DATABASE_URL.
SELECT 'CREATE DATABASE hotline'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hotline')\gexec
