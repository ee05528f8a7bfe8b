package io.etcdpanel.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The groups the OpenAPI document sorts operations into, in the order a reader meets them. */
final class ApiTags {

    static final String RUNTIMES = "Runtimes";
    static final String CLUSTERS = "Clusters";
    static final String MEMBERS = "Members";
    static final String BACKUPS = "Backups";
    static final String RESTORES = "Restores";
    static final String EVENTS = "Events";
    static final String AUDIT = "Audit";
    static final String USERS = "Users";
    static final String TOKENS = "Tokens";

    static final Map<String, String> ALL = all();

    private ApiTags() {
    }

    private static Map<String, String> all() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RUNTIMES, "Where clusters can run and which etcd versions each runtime offers");
        tags.put(CLUSTERS, "The catalogue of desired clusters, with their observed status");
        tags.put(MEMBERS, "Each etcd member as etcd reports it, and its log");
        tags.put(BACKUPS, "Backup schedules, snapshots (taken, imported, downloaded) and their restore tests");
        tags.put(RESTORES, "Restoring a snapshot in place or into a new cluster, step by step");
        tags.put(EVENTS, "What happened to a cluster, newest first");
        tags.put(AUDIT, "Who did what through the panel");
        tags.put(USERS, "Panel users and their roles (ADMIN)");
        tags.put(TOKENS, "API tokens for automation (ADMIN)");
        return Collections.unmodifiableMap(tags);
    }
}
