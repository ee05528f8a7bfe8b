package io.etcdpanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.etcdpanel.support.PageSession;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every REST endpoint and page against anonymous, VIEWER, OPERATOR and ADMIN, each with the status it must get. The
 * requests name a cluster, snapshot, user and token that do not exist (or carry an invalid body), so an allowed one is
 * answered by the endpoint itself (404, 400) and changes nothing, while a refused one gets 401 or 403 first.
 */
class AccessMatrixIT extends RunningPanel {

    private static final String PASSWORD = "matrix-password-1";
    private static final List<Role> ROLES = List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN);

    /** One row: a request, the least role that may make it, and what that role gets. */
    private record Row(String method, String path, String body, Role least, int allowed) {
    }

    private static final List<Row> API = List.of(
            new Row("GET", "/api/v1/runtimes", null, Role.VIEWER, 200),
            new Row("GET", "/api/v1/clusters", null, Role.VIEWER, 200),
            new Row("GET", "/api/v1/clusters/nope", null, Role.VIEWER, 404),
            new Row("POST", "/api/v1/clusters", "{\"name\":\"Not A Name\"}", Role.OPERATOR, 400),
            new Row("PATCH", "/api/v1/clusters/nope", "{\"replicas\":3}", Role.OPERATOR, 404),
            new Row("DELETE", "/api/v1/clusters/nope", null, Role.ADMIN, 404),
            new Row("GET", "/api/v1/clusters/nope/members", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/clusters/nope/members/nope-0/log", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/clusters/nope/events", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/clusters/nope/snapshots", null, Role.VIEWER, 404),
            new Row("POST", "/api/v1/clusters/nope/snapshots", "", Role.OPERATOR, 404),
            new Row("GET", "/api/v1/snapshots/nope", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/snapshots/nope/content", null, Role.OPERATOR, 404),
            new Row("DELETE", "/api/v1/snapshots/nope", null, Role.ADMIN, 404),
            new Row("GET", "/api/v1/clusters/nope/backup-schedule", null, Role.VIEWER, 404),
            new Row("PUT", "/api/v1/clusters/nope/backup-schedule", "{\"cron\":\"0 * * * *\"}", Role.OPERATOR, 404),
            new Row("DELETE", "/api/v1/clusters/nope/backup-schedule", null, Role.OPERATOR, 404),
            new Row("GET", "/api/v1/clusters/nope/backup-schedule/preview?cron=0+*+*+*+*", null, Role.VIEWER, 200),
            new Row("POST", "/api/v1/clusters/nope/restores", "{\"snapshotId\":\"nope\",\"mode\":\"in-place\"}", Role.OPERATOR, 404),
            new Row("GET", "/api/v1/clusters/nope/restores", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/restores/nope", null, Role.VIEWER, 404),
            new Row("GET", "/api/v1/audit", null, Role.VIEWER, 200),
            new Row("GET", "/api/v1/users", null, Role.ADMIN, 200),
            new Row("POST", "/api/v1/users", "{\"username\":\"Not A Name\"}", Role.ADMIN, 400),
            new Row("PATCH", "/api/v1/users/nobody", "{\"role\":\"VIEWER\"}", Role.ADMIN, 404),
            new Row("DELETE", "/api/v1/users/nobody", null, Role.ADMIN, 404),
            new Row("GET", "/api/v1/tokens", null, Role.ADMIN, 200),
            new Row("POST", "/api/v1/tokens", "{}", Role.ADMIN, 400),
            new Row("DELETE", "/api/v1/tokens/nope", null, Role.ADMIN, 404));

    private static final List<Row> PAGES = List.of(
            new Row("GET", "/", null, Role.VIEWER, 200),
            new Row("GET", "/fragments/clusters", null, Role.VIEWER, 200),
            new Row("GET", "/clusters/nope", null, Role.VIEWER, 404),
            new Row("GET", "/clusters/nope/members/nope-0", null, Role.VIEWER, 404),
            new Row("GET", "/clusters/nope/backups", null, Role.VIEWER, 404),
            new Row("GET", "/clusters/nope/restores", null, Role.VIEWER, 404),
            new Row("GET", "/audit", null, Role.VIEWER, 200),
            new Row("GET", "/clusters/new", null, Role.OPERATOR, 200),
            new Row("GET", "/clusters/nope/restores/new?snapshot=nope", null, Role.OPERATOR, 404),
            new Row("POST", "/clusters", "name=Not A Name", Role.OPERATOR, 200),
            new Row("POST", "/clusters/nope/scale", "replicas=3", Role.OPERATOR, 404),
            new Row("POST", "/clusters/nope/backups", "", Role.OPERATOR, 404),
            new Row("POST", "/clusters/nope/backup-schedule/delete", "", Role.OPERATOR, 404),
            new Row("POST", "/clusters/nope/delete", "confirmName=nope", Role.ADMIN, 404),
            new Row("GET", "/access", null, Role.ADMIN, 200),
            new Row("POST", "/access/tokens/nope/revoke", "", Role.ADMIN, 302),
            new Row("POST", "/access/users/nobody/delete", "", Role.ADMIN, 302));

    @BeforeAll
    void oneUserPerRole() {
        PanelApi admin = new PanelApi(port);
        for (Role role : ROLES) {
            int status = admin.post("/api/v1/users", "{\"username\":\"matrix-" + role.name().toLowerCase() + "\",\"password\":\""
                    + PASSWORD + "\",\"role\":\"" + role + "\"}").status();
            assertThat(status).as("creating the %s user", role).isIn(201, 409);
        }
    }

    @Test
    void everyEndpointAnswersEachRoleAsTheRulesSay() {
        List<String> wrong = new ArrayList<>();
        for (Row row : API) {
            check(wrong, row, "anonymous", 401, send(new PanelApi(port).anonymous(), row));
            for (Role role : ROLES) {
                int expected = role.compareTo(row.least()) >= 0 ? row.allowed() : 403;
                check(wrong, row, role.name(), expected, send(new PanelApi(port).as(user(role), PASSWORD), row));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyPageAnswersEachRoleAsTheRulesSayAndSendsStrangersToSignIn() {
        List<String> wrong = new ArrayList<>();
        PageSession stranger = new PageSession(port);
        for (Row row : PAGES) {
            var answer = row.method().equals("GET") ? stranger.get(row.path()) : stranger.post(row.path(), form(row.body()));
            if (row.method().equals("GET")) {
                check(wrong, row, "anonymous", 302, answer.statusCode());
                assertThat(answer.headers().firstValue("Location").orElse("")).as(row.path()).endsWith("/login");
            } else {
                // a post without a session has no CSRF token either: refused before anything else
                check(wrong, row, "anonymous", 403, answer.statusCode());
            }
        }
        for (Role role : ROLES) {
            PageSession session = new PageSession(port);
            assertThat(session.signIn(user(role), PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
            for (Row row : PAGES) {
                int expected = role.compareTo(row.least()) >= 0 ? row.allowed() : 403;
                var answer = row.method().equals("GET") ? session.get(row.path()) : session.submit(row.path(), form(row.body()));
                check(wrong, row, role.name(), expected, answer.statusCode());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aFragmentPolledAfterTheSessionEndedSendsTheWholePageToSignIn() {
        var polled = new PageSession(port).fragment("/fragments/clusters");
        assertThat(polled.statusCode()).isEqualTo(401);
        assertThat(polled.headers().firstValue("HX-Redirect")).contains("/login");
    }

    @Test
    void healthMetricsApiDocsAndTheSignInPageAreOpenToAll() {
        PageSession stranger = new PageSession(port);
        for (String path : List.of("/login", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus",
                "/v3/api-docs")) {
            assertThat(stranger.get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void refusalsAreProblemsThatSayWhatToDo() {
        PanelApi.Answer unauthenticated = new PanelApi(port).anonymous().get("/api/v1/clusters");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unauthenticated.header("WWW-Authenticate")).contains("Basic").contains("Bearer");
        assertThat(unauthenticated.json().path("detail").asString()).contains("HTTP Basic").contains("token");

        PanelApi.Answer wrongPassword = new PanelApi(port).as(user(Role.ADMIN), "not-the-password").get("/api/v1/clusters");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.json().path("type").asString()).isEqualTo("urn:etcd-panel:problem:unauthenticated");

        PanelApi.Answer forbidden = new PanelApi(port).as(user(Role.VIEWER), PASSWORD).delete("/api/v1/clusters/nope");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forbidden.json().path("detail").asString()).contains("DELETE /api/v1/clusters/nope").contains("ask an admin");
    }

    private static String user(Role role) {
        return "matrix-" + role.name().toLowerCase();
    }

    private static int send(PanelApi api, Row row) {
        return switch (row.method()) {
            case "GET" -> api.get(row.path()).status();
            case "POST" -> api.post(row.path(), row.body()).status();
            case "PUT" -> api.put(row.path(), row.body()).status();
            case "PATCH" -> api.patch(row.path(), row.body()).status();
            case "DELETE" -> api.delete(row.path()).status();
            default -> throw new IllegalArgumentException(row.method());
        };
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                String[] parts = pair.split("=", 2);
                fields.put(parts[0], parts[1]);
            }
        }
        return fields;
    }

    private static void check(List<String> wrong, Row row, String who, int expected, int actual) {
        if (expected != actual) {
            wrong.add(who + " " + row.method() + " " + row.path() + ": expected " + expected + ", got " + actual);
        }
    }
}
