package io.etcdpanel.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a cluster's conditions as one JSON column, so its status is written in a single row update. */
@Converter
class ConditionsConverter implements AttributeConverter<List<Condition>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The stored shape, kept apart from the API record so either can change on its own. */
    private record Stored(String type, String status, String reason, String message, String lastTransitionTime) {
    }

    @Override
    public String convertToDatabaseColumn(List<Condition> conditions) {
        List<Stored> stored = conditions.stream().map(condition -> new Stored(condition.type(), condition.status(), condition.reason(),
                condition.message(), condition.lastTransitionTime() == null ? null : condition.lastTransitionTime().toString())).toList();
        return JSON.writeValueAsString(stored);
    }

    @Override
    public List<Condition> convertToEntityAttribute(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (Stored stored : JSON.readValue(column, new TypeReference<List<Stored>>() { })) {
            conditions.add(new Condition(stored.type(), stored.status(), stored.reason(), stored.message(),
                    stored.lastTransitionTime() == null ? null : Instant.parse(stored.lastTransitionTime())));
        }
        return conditions;
    }
}
