package io.etcdpanel.events;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a change is about, read from its method and address alone: the action's name, and the cluster or snapshot it
 * names. A pure function, so the audit can say what was attempted even when the request is refused before it runs.
 */
public record AuditSubject(String action, String cluster, String snapshotId) {

    private record Rule(String method, Pattern path, String action) {
    }

    private static final String NAME = "([a-z0-9-]+)";
    private static final String ID = "([A-Za-z0-9-]+)";
    private static final List<Rule> RULES = List.of(
            rule("POST", "/api/v1/clusters", "cluster.create"),
            rule("PATCH", "/api/v1/clusters/" + NAME, "cluster.change"),
            rule("DELETE", "/api/v1/clusters/" + NAME, "cluster.delete"),
            rule("POST", "/api/v1/clusters/" + NAME + "/snapshots", "snapshot.backup"),
            rule("POST", "/api/v1/clusters/" + NAME + "/snapshots/import", "snapshot.import"),
            rule("DELETE", "/api/v1/snapshots/" + ID, "snapshot.delete"),
            rule("PUT", "/api/v1/clusters/" + NAME + "/backup-schedule", "schedule.save"),
            rule("DELETE", "/api/v1/clusters/" + NAME + "/backup-schedule", "schedule.delete"),
            rule("POST", "/api/v1/clusters/" + NAME + "/restores", "restore.start"),
            rule("POST", "/api/v1/users", "user.create"),
            rule("PATCH", "/api/v1/users/" + ID, "user.change"),
            rule("DELETE", "/api/v1/users/" + ID, "user.delete"),
            rule("POST", "/api/v1/tokens", "token.create"),
            rule("DELETE", "/api/v1/tokens/" + ID, "token.revoke"),
            rule("POST", "/clusters", "cluster.create"),
            rule("POST", "/clusters/" + NAME + "/scale", "cluster.scale"),
            rule("POST", "/clusters/" + NAME + "/delete", "cluster.delete"),
            rule("POST", "/clusters/" + NAME + "/backups", "snapshot.backup"),
            rule("POST", "/clusters/" + NAME + "/backups/import", "snapshot.import"),
            rule("POST", "/clusters/" + NAME + "/backup-schedule", "schedule.save"),
            rule("POST", "/clusters/" + NAME + "/backup-schedule/delete", "schedule.delete"),
            rule("POST", "/clusters/" + NAME + "/restores", "restore.start"),
            rule("POST", "/snapshots/" + ID + "/delete", "snapshot.delete"),
            rule("POST", "/access/users", "user.create"),
            rule("POST", "/access/users/" + ID + "/delete", "user.delete"),
            rule("POST", "/access/tokens", "token.create"),
            rule("POST", "/access/tokens/" + ID + "/revoke", "token.revoke"),
            rule("POST", "/account/password", "password.change"),
            rule("POST", "/logout", "sign-out"));

    private static Rule rule(String method, String path, String action) {
        return new Rule(method, Pattern.compile(path + "/?"), action);
    }

    /** The subject of a request; an address no rule names is audited by its method and path. */
    public static AuditSubject of(String method, String path) {
        for (Rule rule : RULES) {
            Matcher match = rule.path().matcher(path);
            if (rule.method().equals(method) && match.matches()) {
                String named = match.groupCount() > 0 ? match.group(1) : null;
                boolean aboutSnapshot = rule.path().pattern().matches("(/api/v1)?/snapshots/.*");
                boolean aboutCluster = rule.path().pattern().contains("clusters/");
                return new AuditSubject(rule.action(), aboutCluster ? named : null, aboutSnapshot ? named : null);
            }
        }
        return new AuditSubject(method + " " + path, null, null);
    }
}
