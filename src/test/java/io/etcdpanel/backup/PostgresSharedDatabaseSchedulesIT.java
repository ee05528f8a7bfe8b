package io.etcdpanel.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.etcdpanel.support.PostgresServer;

/**
 * {@link SharedDatabaseSchedules} on a fresh PostgreSQL database, the production setup of two panels: each panel names
 * itself in its connections ({@code ApplicationName}), so the test sees whose claim waits on its lock.
 */
class PostgresSharedDatabaseSchedulesIT extends SharedDatabaseSchedules {

    private PostgresServer.Database database;

    PostgresSharedDatabaseSchedulesIT() {
        // the first claim waits on the test's transaction, a later one on the first claim (PostgreSQL queues waiters on a
        // row's tuple lock), so a claim counts when anything blocks it: only the test's session holds the row
        super("25100-25199", new LockWatch("select pg_backend_pid()",
                "select application_name from pg_stat_activity where pid <> ? and cardinality(pg_blocking_pids(pid)) > 0 "
                        + "and lower(query) like 'update backup_schedules%'",
                List.of("panel-a", "panel-b")));
    }

    @Override
    protected List<String> databaseArguments(String name) {
        if (database == null) {
            database = PostgresServer.shared().createDatabase("schedules");
        }
        // a claim waits on the test's row lock as long as it is held (PostgreSQL's default: no lock timeout)
        return database.named("panel-" + name).asArguments();
    }

    @Override
    protected Connection connect() throws SQLException {
        return database.connect();
    }
}
