package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running panel's REST API over real HTTP, as automation would: signed in as the test panels' first
 * admin unless told otherwise ({@link #as}, {@link #withToken}, {@link #anonymous}).
 */
public final class PanelApi {

    /** The first admin of every test panel (src/test/resources/config/application.properties). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    /** The Authorization header's value, or null for none. */
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PanelApi(int port) {
        this("http://127.0.0.1:" + port, basic(ADMIN, ADMIN_PASSWORD));
    }

    private PanelApi(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same panel, signed in by HTTP Basic as another user. */
    public PanelApi as(String username, String password) {
        return new PanelApi(base, basic(username, password));
    }

    /** The same panel, signed in by an API token. */
    public PanelApi withToken(String secret) {
        return new PanelApi(base, "Bearer " + secret);
    }

    /** The same panel, with no credentials at all. */
    public PanelApi anonymous() {
        return new PanelApi(base, null);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer: status, headers and the body read as JSON (null when it is not JSON). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public byte[] getBytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(signed(HttpRequest.newBuilder(URI.create(base + path))).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any request, with its headers as name, value pairs: a Content-Type other than JSON, none at all, an Accept. */
    public Answer request(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
        return send(headers.length == 0 ? request : request.headers(headers));
    }

    public Answer patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public JsonNode cluster(String name) {
        return get("/api/v1/clusters/" + name).json();
    }

    public String phase(String name) {
        return cluster(name).path("status").path("phase").asString();
    }

    /** Backs the cluster up now and waits for the snapshot to succeed; a failed one fails the test. */
    public JsonNode backUp(String cluster, Duration deadline) {
        Answer started = post("/api/v1/clusters/" + cluster + "/snapshots", "");
        if (started.status() != 202 || !"Running".equals(started.json().path("status").asString())) {
            throw new AssertionError("a backup of " + cluster + " was not started: " + started.status() + " " + started.raw().body());
        }
        String id = started.json().path("id").asString();
        if (!("/api/v1/snapshots/" + id).equals(started.header("Location"))) {
            throw new AssertionError("the backup's Location is " + started.header("Location"));
        }
        return awaitEnd("/api/v1/snapshots/" + id, "Succeeded", deadline);
    }

    /** Starts a backup the test has made impossible and waits for it to fail. */
    public JsonNode failingBackUp(String cluster, Duration deadline) {
        String id = post("/api/v1/clusters/" + cluster + "/snapshots", "").json().path("id").asString();
        return awaitEnd("/api/v1/snapshots/" + id, "Failed", deadline);
    }

    /** Waits for the restore to succeed; a failed one fails the test with its error. */
    public JsonNode awaitRestore(String id, Duration deadline) {
        return awaitEnd("/api/v1/restores/" + id, "Succeeded", deadline);
    }

    private JsonNode awaitEnd(String path, String wanted, Duration deadline) {
        return Poll.untilValue(path + " " + wanted, deadline, () -> {
            JsonNode record = get(path).json();
            if (!"Failed".equals(wanted) && "Failed".equals(record.path("status").asString())) {
                throw new AssertionError(path + " failed: " + record);
            }
            return wanted.equals(record.path("status").asString()) ? record : null;
        });
    }

    public List<JsonNode> members(String name) {
        List<JsonNode> members = new ArrayList<>();
        get("/api/v1/clusters/" + name + "/members").json().forEach(members::add);
        return members;
    }

    public List<String> eventReasons(String name) {
        List<String> reasons = new ArrayList<>();
        get("/api/v1/clusters/" + name + "/events").json().forEach(event -> reasons.add(event.path("reason").asString()));
        return reasons;
    }

    /** Events newest first, each as "reason: message". */
    public List<String> events(String name) {
        List<String> events = new ArrayList<>();
        get("/api/v1/clusters/" + name + "/events").json()
                .forEach(event -> events.add(event.path("reason").asString() + ": " + event.path("message").asString()));
        return events;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(signed(request).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder signed(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
