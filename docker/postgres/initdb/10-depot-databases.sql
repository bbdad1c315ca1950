-- The databases of the four services that keep state; each service migrates its own schema
-- (Flyway) when it starts. Run once, when the cluster is created.
CREATE DATABASE depot_auth;
CREATE DATABASE depot_files;
CREATE DATABASE depot_sharing;
CREATE DATABASE depot_analytics;
