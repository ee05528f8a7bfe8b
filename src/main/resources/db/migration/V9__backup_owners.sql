-- which panel runs a Running backup (its instance id): another panel fails or takes it again only once that panel is gone;
-- and the due time of the scheduled run a backup is, so a due run has one backup even when the panel taking it dies
alter table snapshots add column owner varchar(36);
alter table snapshots add column scheduled_for timestamp with time zone;
-- each running panel, renewed with its lease claim: a panel past expires_at (or without a row) is gone
create table panel_presence (
    instance varchar(36) primary key,
    expires_at timestamp with time zone not null
);
