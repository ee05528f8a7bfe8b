package io.etcdpanel.restore;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a restore's steps as one JSON column, so a step's progress is one row update. */
@Converter
class StepsConverter implements AttributeConverter<List<RestoreStep>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The stored shape, kept apart from the API record so either can change on its own. */
    private record Stored(String name, String status, String startedAt, String finishedAt, String message) {
    }

    @Override
    public String convertToDatabaseColumn(List<RestoreStep> steps) {
        return JSON.writeValueAsString(steps.stream().map(step -> new Stored(step.name(), step.status().name(), text(step.startedAt()),
                text(step.finishedAt()), step.message())).toList());
    }

    @Override
    public List<RestoreStep> convertToEntityAttribute(String column) {
        return JSON.readValue(column, new TypeReference<List<Stored>>() { }).stream().map(stored -> new RestoreStep(stored.name(),
                StepStatus.valueOf(stored.status()), instant(stored.startedAt()), instant(stored.finishedAt()), stored.message())).toList();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
