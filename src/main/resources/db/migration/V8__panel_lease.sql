-- who may reconcile and run schedules: one row per lease, taken or renewed by one conditional update
-- (holder = me or expires_at <= now); fencing grows by one each time the lease changes hands
create table panel_lease (
    name varchar(40) primary key,
    holder varchar(80),
    renewed_at timestamp with time zone,
    expires_at timestamp with time zone not null,
    fencing bigint default 0 not null
);
