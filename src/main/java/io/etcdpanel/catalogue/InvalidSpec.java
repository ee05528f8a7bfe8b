package io.etcdpanel.catalogue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A request the catalogue refused, with one problem per bad field; nothing was written. */
public class InvalidSpec extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public InvalidSpec(List<FieldProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).message()
                : problems.size() + " fields are invalid");
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** The first problem of each field, by field: what a form shows beside each one. */
    public Map<String, String> messagesByField() {
        return problems.stream().collect(Collectors.toMap(FieldProblem::field, FieldProblem::message, (first, second) -> first));
    }
}
