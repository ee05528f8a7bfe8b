-- a user whose password was generated for them (the first admin's) must choose their own at the next page they open
alter table panel_users add column password_change_required boolean default false not null;
