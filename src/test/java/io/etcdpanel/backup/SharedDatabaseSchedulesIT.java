package io.etcdpanel.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** {@link SharedDatabaseSchedules} on one H2 file in mixed mode: the first panel opens it and serves it to the second over TCP. */
class SharedDatabaseSchedulesIT extends SharedDatabaseSchedules {

    SharedDatabaseSchedulesIT() {
        // "embedded" from the panel that opened the file, "tcp" from the other
        super("25000-25099", new LockWatch("select session_id()",
                "select case when client_addr is null then 'embedded' else 'tcp' end from information_schema.sessions "
                        + "where blocker_id = ? and lower(executing_statement) like 'update backup_schedules%'",
                List.of("embedded", "tcp")));
    }

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
}
