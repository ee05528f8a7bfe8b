package io.etcdpanel.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.etcdpanel.support.PostgresServer;

/**
 * {@link SharedDatabaseSchedules} on a fresh PostgreSQL database, the production setup of two panels: each panel names
 * itself in its connections ({@code ApplicationName}), so the test sees whose claim waits on its lock.
 */
class PostgresSharedDatabaseSchedulesIT extends SharedDatabaseSchedules {

    private PostgresServer.Database database;

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

    @Override
    protected int sessionId(Connection db) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /**
     * The claims blocked on the row: the first waits on the test's transaction, a later one on the first claim (PostgreSQL
     * queues waiters on a row's tuple lock), so a claim counts when anything blocks it; only the test holds the row.
     */
    @Override
    protected List<String> claimsWaitingOn(Connection look, int lockSession) throws SQLException {
        List<String> waiting = new ArrayList<>();
        try (PreparedStatement query = look.prepareStatement("select application_name from pg_stat_activity where pid <> ? "
                + "and cardinality(pg_blocking_pids(pid)) > 0 and lower(query) like 'update backup_schedules%'")) {
            query.setInt(1, lockSession);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    waiting.add(rows.getString(1));
                }
            }
        }
        return waiting;
    }

    @Override
    protected List<String> bothPanels() {
        return List.of("panel-a", "panel-b");
    }

    @Override
    protected String memberPorts() {
        return "25100-25199";
    }
}
