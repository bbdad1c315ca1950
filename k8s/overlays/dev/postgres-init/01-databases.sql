-- The same as docker/postgres/initdb (kustomize reads no file outside k8s/): the databases of the four
-- services that keep state, created once, on the first start; each service migrates its own schema.
CREATE DATABASE depot_auth;
CREATE DATABASE depot_files;
CREATE DATABASE depot_sharing;
CREATE DATABASE depot_analytics;
