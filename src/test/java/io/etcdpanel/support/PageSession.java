package io.etcdpanel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session with the pages over plain HTTP, without a browser: a cookie jar, the sign-in form, and form
 * posts that carry the page's CSRF token (or deliberately do not). Redirects are not followed, so a test sees them.
 */
public final class PageSession {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("name=\"csrf-token\"[^>]*content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    public PageSession(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Signs in through the form; answers the sign-in's response (302 to / when it worked, to /login?error when not). */
    public HttpResponse<String> signIn(String username, String password) {
        Matcher token = HIDDEN_CSRF.matcher(get("/login").body());
        if (!token.find()) {
            throw new AssertionError("the sign-in page has no CSRF field");
        }
        return post("/login", Map.of("username", username, "password", password, "_csrf", token.group(1)));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A fragment as htmx polls it (header {@code HX-Request: true}). */
    public HttpResponse<String> fragment(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true").GET());
    }

    /** Posts a form as a page would: with the CSRF token of the page at {@code /}. */
    public HttpResponse<String> submit(String path, Map<String, String> fields) {
        Map<String, String> withToken = new HashMap<>(fields);
        withToken.put("_csrf", pageToken());
        return post(path, withToken);
    }

    /** Posts a form as a forged cross-site request would: the session cookie rides along, the CSRF token does not. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A REST call riding on this session's cookie, with or without the CSRF header, as the page's own scripts would send it. */
    public HttpResponse<String> api(String method, String path, String json, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) {
            request.header("X-CSRF-TOKEN", pageToken());
        }
        return send(request);
    }

    /** The CSRF token a page carries for its scripts, read from the page at {@code /}. */
    private String pageToken() {
        Matcher token = META_CSRF.matcher(get("/").body());
        if (!token.find()) {
            throw new AssertionError("the page has no CSRF token; signed in?");
        }
        return token.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
