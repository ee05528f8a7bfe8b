package io.etcdpanel.api;

import java.util.List;
import java.util.Optional;

import io.etcdpanel.catalogue.FieldProblem;
import io.etcdpanel.catalogue.InvalidSpec;

/**
 * A query parameter that is only the word true or false, or absent (empty). A typo or an empty value must not pass for
 * a default (Spring's own conversion would also take yes, on and 1, and "" as the default): it is a 400 on the parameter.
 */
final class StrictBoolean {

    private StrictBoolean() {
    }

    static Optional<Boolean> of(String parameter, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new InvalidSpec(List.of(new FieldProblem(parameter, "must be true or false, not \"" + value + "\"")));
        };
    }
}
