package io.etcdpanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.etcdpanel.support.PageSession;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** API tokens work until they expire or are revoked, are shown once and never again; forms and cookie calls need CSRF tokens. */
@ExtendWith(OutputCaptureExtension.class)
class TokensAndCsrfIT extends RunningPanel {

    @Test
    void aTokenActsWithItsRoleUntilRevokedAndItsSecretIsShownOnceAndNeverLogged(CapturedOutput output) {
        PanelApi admin = new PanelApi(port);
        PanelApi.Answer created = admin.post("/api/v1/tokens",
                "{\"name\":\"ci-viewer\",\"role\":\"VIEWER\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().path("secret").asString();
        String id = created.json().path("token").path("id").asString();
        assertThat(secret).startsWith("epk_").hasSizeGreaterThan(40);

        PanelApi token = admin.withToken(secret);
        assertThat(token.get("/api/v1/clusters").status()).isEqualTo(200);
        assertThat(token.post("/api/v1/clusters", "{\"name\":\"by-token\"}").status()).as("a viewer token cannot create").isEqualTo(403);

        JsonNode listed = admin.get("/api/v1/tokens").json();
        assertThat(listed.toString()).contains("ci-viewer").doesNotContain(secret).doesNotContain("secret");
        assertThat(admin.get("/api/v1/audit?user=token:ci-viewer").json().toString())
                .as("the audit names the token").contains("\"action\":\"cluster.create\"").contains("Refused");

        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        PanelApi.Answer revoked = token.get("/api/v1/clusters");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().path("detail").asString()).contains("unknown, expired or revoked");
        assertThat(output.getAll()).as("the secret in any log line").doesNotContain(secret).doesNotContain(secret.substring(4));
    }

    @Test
    void aTokenStopsWorkingWhenItExpires() {
        PanelApi admin = new PanelApi(port);
        Instant expiry = Instant.now().plusSeconds(3);
        String secret = admin.post("/api/v1/tokens", "{\"name\":\"short-lived\",\"role\":\"OPERATOR\",\"expiresAt\":\"" + expiry + "\"}")
                .json().path("secret").asString();
        PanelApi token = admin.withToken(secret);
        assertThat(token.get("/api/v1/clusters").status()).isEqualTo(200);
        Poll.until("the token expired", DEADLINE, () -> token.get("/api/v1/clusters").status() == 401);
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    @Test
    void aTokenWithoutAFutureExpiryOrWithAWrongRoleIsRefusedBesideItsFields() {
        PanelApi.Answer refused = new PanelApi(port).post("/api/v1/tokens",
                "{\"name\":\"x\",\"role\":\"ROOT\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").toString()).contains("\"field\":\"role\"").contains("\"field\":\"expiresAt\"");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        PageSession session = new PageSession(port);
        session.signIn(PanelApi.ADMIN, PanelApi.ADMIN_PASSWORD);
        var forged = session.post("/clusters", Map.of("name", "forged", "replicas", "1"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new PanelApi(port).get("/api/v1/clusters/forged").status()).isEqualTo(404);
        assertThat(new PanelApi(port).get("/api/v1/audit?user=admin").json().toString())
                .as("the forged form is in the audit").contains("CSRF token missing or wrong");

        var cookieCall = session.api("POST", "/api/v1/clusters", "{\"name\":\"forged\",\"replicas\":1}", false);
        assertThat(cookieCall.statusCode()).as("a REST call riding on the cookie alone").isEqualTo(403);
        assertThat(cookieCall.body()).contains("urn:etcd-panel:problem:csrf");
        assertThat(session.api("PATCH", "/api/v1/clusters/nope", "{\"replicas\":3}", true).statusCode())
                .as("the page's own call, with the token").isEqualTo(404);
    }

    @Test
    void aWrongPasswordOnTheFormSaysSoAndIsAudited() {
        PageSession session = new PageSession(port);
        var refused = session.signIn(PanelApi.ADMIN, "wrong-password-here");
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(session.get("/login?error").body()).contains("Wrong user name or password");
        assertThat(session.get("/").statusCode()).as("still signed out").isEqualTo(302);
        JsonNode audit = new PanelApi(port).get("/api/v1/audit?user=admin").json();
        assertThat(audit.toString()).contains("sign-in").contains("Refused").doesNotContain("wrong-password-here");
    }
}
