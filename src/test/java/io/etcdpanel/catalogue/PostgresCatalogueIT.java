package io.etcdpanel.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.PostgresPanel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The catalogue on PostgreSQL: the same Flyway migrations as on H2, validated by Hibernate, and the spec's optimistic lock. */
class PostgresCatalogueIT extends PostgresPanel {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private ClusterCatalogue catalogue;

    @Autowired
    private PlatformTransactionManager transactions;

    @Value("${spring.jpa.hibernate.ddl-auto}")
    private String ddlAuto;

    @Test
    void everyMigrationRanOnTheEmptyDatabaseAndHibernateValidatedTheSchema() throws SQLException, IOException {
        // the context is up: Flyway migrated the fresh database at start, then Hibernate validated every entity against it
        assertThat(ddlAuto).isEqualTo("validate");
        List<String> migrations = new ArrayList<>();
        Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*__*.sql"))
                .map(resource -> resource.getFilename().substring(1, resource.getFilename().indexOf("__")))
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).forEach(migrations::add);
        assertThat(migrations).as("the migrations on the classpath").hasSizeGreaterThanOrEqualTo(7);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(strings(statement, "select version from flyway_schema_history where success and version is not null "
                    + "order by installed_rank")).isEqualTo(migrations);
            assertThat(strings(statement, "select data_type from information_schema.columns "
                    + "where table_schema = current_schema() and column_name like '%\\_at'"))
                    .as("every instant is stored with its zone").hasSizeGreaterThanOrEqualTo(8).containsOnly("timestamp with time zone");
        }
    }

    @Test
    void aClusterIsCreatedAndPatchedAndOfTwoConcurrentSpecChangesTheLaterCommitFails() throws Exception {
        String name = "pg-catalogue";
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":1}").status()).isEqualTo(201);
        PanelApi.Answer patched = api.patch("/api/v1/clusters/" + name, "{\"replicas\":3}");
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        JsonNode cluster = api.cluster(name);
        assertThat(cluster.path("replicas").asInt()).isEqualTo(3);
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":1}").status())
                .as("the name is unique in the database too").isEqualTo(409);

        // the first change reads the cluster, then a second one commits before the first does: the first must not overwrite it
        TransactionTemplate first = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> first.executeWithoutResult(status -> {
            catalogue.patch(name, Map.of("replicas", 5), "first");
            CompletableFuture.runAsync(() -> catalogue.patch(name, Map.of("replicas", 1), "second")).orTimeout(10, TimeUnit.SECONDS).join();
        })).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(api.cluster(name).path("replicas").asInt()).as("the committed change stands").isEqualTo(1);
        assertThat(api.events(name)).anyMatch(event -> event.contains("to 1 members")).noneMatch(event -> event.contains("to 5 members"));

        assertThat(api.delete("/api/v1/clusters/" + name).status()).isEqualTo(202);
        Poll.until(name + " deleted", DEADLINE, () -> api.get("/api/v1/clusters/" + name).status() == 404);
    }

    private static List<String> strings(Statement statement, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
