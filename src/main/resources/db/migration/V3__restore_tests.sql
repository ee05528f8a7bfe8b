alter table snapshots add column user_keys bigint default -1 not null;
alter table snapshots add column restore_tested_at timestamp with time zone;
alter table snapshots add column restore_test_error varchar(2000);
