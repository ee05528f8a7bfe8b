package io.etcdpanel.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@link SharedDatabaseSchedules} on one H2 file in mixed mode: the first panel opens it and serves it to the second over TCP. */
class SharedDatabaseSchedulesIT extends SharedDatabaseSchedules {

    @Override
    protected List<String> databaseArguments(String name) {
        String url = "jdbc:h2:file:" + dataDir.resolve("catalogue") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE"
                // a claim waits up to 10 s (H2's default is 2 s) for the row the test holds, so both panels can be caught waiting
                + ";LOCK_TIMEOUT=10000";
        return List.of("--spring.datasource.url=" + url);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("catalogue") + ";AUTO_SERVER=TRUE", "sa", "");
    }

    @Override
    protected int sessionId(Connection db) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet row = statement.executeQuery("select session_id()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** "embedded" from the panel that opened the file, "tcp" from the other. */
    @Override
    protected List<String> claimsWaitingOn(Connection look, int lockSession) throws SQLException {
        List<String> waiting = new ArrayList<>();
        try (PreparedStatement query = look.prepareStatement("select client_addr from information_schema.sessions "
                + "where blocker_id = ? and lower(executing_statement) like 'update backup_schedules%'")) {
            query.setInt(1, lockSession);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    waiting.add(rows.getString(1) == null ? "embedded" : "tcp");
                }
            }
        }
        return waiting;
    }

    @Override
    protected List<String> bothPanels() {
        return List.of("embedded", "tcp");
    }

    @Override
    protected String memberPorts() {
        return "25000-25099";
    }
}
