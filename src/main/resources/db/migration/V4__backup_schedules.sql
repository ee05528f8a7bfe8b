create table backup_schedules (
    cluster     varchar(40)  primary key,
    cron        varchar(200) not null,
    time_zone   varchar(60)  not null,
    enabled     boolean      not null,
    keep_last   integer,
    max_age     varchar(40),
    last_run_at timestamp with time zone,
    next_run_at timestamp with time zone
);
