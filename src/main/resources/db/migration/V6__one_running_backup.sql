-- the cluster while its backup runs, null once it ends: the unique constraint lets one backup per
-- cluster run at a time, across every panel on the database (NULLs never collide)
alter table snapshots add column running_for varchar(40);
alter table snapshots add constraint snapshots_one_running_per_cluster unique (running_for);
