create table snapshots (
    id               varchar(36)   primary key,
    cluster          varchar(40)   not null,
    status           varchar(10)   not null,
    snapshot_trigger varchar(20)   not null,
    started_at       timestamp with time zone not null,
    finished_at      timestamp with time zone,
    size_bytes       bigint        not null,
    revision         bigint        not null,
    key_count        bigint        not null,
    sha256           varchar(64),
    etcd_version     varchar(40),
    taken_from       varchar(100),
    location         varchar(1000),
    verified         boolean       not null,
    error            varchar(2000)
);

create index snapshots_by_cluster_time on snapshots (cluster, started_at desc);
