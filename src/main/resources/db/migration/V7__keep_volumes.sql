-- asked with the deletion: keep the members' volumes (claims on Kubernetes, data dirs on the local
-- runtime) instead of deleting them; stored so the choice survives a panel restart before the teardown
alter table clusters add column keep_volumes boolean default false not null;
