package io.etcdpanel.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.etcdpanel.catalogue.FieldProblem;

/** The rules for names, passwords and roles that users and tokens are checked against. */
final class Credentials {

    static final int MIN_PASSWORD = 12;
    /** bcrypt reads at most 72 bytes: a longer password would be cut silently. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,58}[a-z0-9])?");

    private Credentials() {
    }

    static void checkName(String field, String name, List<FieldProblem> problems) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(new FieldProblem(field, "use 1 to 60 lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit"));
        }
    }

    static void checkPassword(String password, List<FieldProblem> problems) {
        if (password == null || password.length() < MIN_PASSWORD) {
            problems.add(new FieldProblem("password", "use at least " + MIN_PASSWORD + " characters"));
        } else if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.add(new FieldProblem("password", "use at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt ignores the rest)"));
        }
    }

    static Role role(String role, List<FieldProblem> problems) {
        return Role.parse(role).orElseGet(() -> {
            problems.add(new FieldProblem("role", "must be VIEWER, OPERATOR or ADMIN"));
            return null;
        });
    }

    static List<FieldProblem> problems() {
        return new ArrayList<>();
    }
}
