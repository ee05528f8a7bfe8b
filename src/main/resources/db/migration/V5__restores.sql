-- the restore that holds a cluster: while set, reconcile leaves the cluster to that restore
alter table clusters add column restore_id varchar(36);

create table restores (
    id                      varchar(36)   primary key,
    cluster                 varchar(40)   not null,
    snapshot_id             varchar(36)   not null,
    mode                    varchar(20)   not null,
    target_name             varchar(40),
    status                  varchar(10)   not null,
    pre_restore_snapshot_id varchar(36),
    steps                   varchar(8000) not null,
    actor                   varchar(100)  not null,
    started_at              timestamp with time zone not null,
    finished_at             timestamp with time zone,
    error                   varchar(2000)
);

create index restores_by_cluster_time on restores (cluster, started_at desc);
create index restores_by_target_time on restores (target_name, started_at desc);
