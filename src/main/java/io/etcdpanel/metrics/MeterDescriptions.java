package io.etcdpanel.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.stereotype.Component;

/**
 * Owns the help text of the meters Spring Boot and Tomcat register without one, so a scrape passes
 * {@code promtool check metrics}. The panel's own meters carry their descriptions where they are built.
 */
@Component
class MeterDescriptions implements MeterFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests the panel answered, by method, URI template, status and outcome",
            "http.server.requests.active", "HTTP requests the panel is answering now",
            "tomcat.sessions.active.current", "HTTP sessions open now",
            "tomcat.sessions.active.max", "the most HTTP sessions open at once",
            "tomcat.sessions.alive.max", "the longest an expired HTTP session lived",
            "tomcat.sessions.created", "HTTP sessions created",
            "tomcat.sessions.expired", "HTTP sessions that expired",
            "tomcat.sessions.rejected", "HTTP sessions refused because too many were open");

    @Override
    public Meter.Id map(Meter.Id id) {
        String description = DESCRIPTIONS.get(id.getName());
        if (id.getDescription() != null || description == null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
                id.getType());
    }
}
