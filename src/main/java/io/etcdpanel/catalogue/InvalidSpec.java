package io.etcdpanel.catalogue;

import java.util.List;

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
}
