package io.etcdpanel.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every etcd-panel sample name a scrape has once a cluster has run, been backed up (once well, once not) and been restored.
 * PrometheusScrapeIT holds the real panel to exactly these; the alert and dashboard tests hold their queries to them.
 */
final class PanelMetricNames {

    static final Set<String> ALL = Set.of(
            "etcdpanel_cluster_has_leader",
            "etcdpanel_cluster_members",
            "etcdpanel_cluster_desired_members",
            "etcdpanel_cluster_quota_bytes",
            "etcdpanel_cluster_leader_changes_total",
            "etcdpanel_member_db_size_bytes",
            "etcdpanel_member_alarm",
            "etcdpanel_member_probe_seconds_count",
            "etcdpanel_member_probe_seconds_sum",
            "etcdpanel_member_probe_seconds_max",
            "etcdpanel_reconcile_seconds_count",
            "etcdpanel_reconcile_seconds_sum",
            "etcdpanel_reconcile_seconds_max",
            "etcdpanel_reconcile_errors_total",
            "etcdpanel_health_sweep_seconds_count",
            "etcdpanel_health_sweep_seconds_sum",
            "etcdpanel_health_sweep_seconds_max",
            "etcdpanel_backup_last_success_timestamp_seconds",
            "etcdpanel_backup_schedule_period_seconds",
            "etcdpanel_backup_size_bytes",
            "etcdpanel_backup_duration_seconds_count",
            "etcdpanel_backup_duration_seconds_sum",
            "etcdpanel_backup_duration_seconds_max",
            "etcdpanel_backup_failures_total",
            "etcdpanel_restore_total",
            "etcdpanel_lease_holder");

    private static final Pattern NAME = Pattern.compile("\\betcdpanel_[a-z_]+");

    private PanelMetricNames() {
    }

    /** The etcd-panel sample names in a scrape (its HELP and TYPE lines name families, not samples). */
    static Set<String> sampledIn(String scrape) {
        return mentionedIn(scrape.lines().filter(line -> !line.startsWith("#")).collect(java.util.stream.Collectors.joining("\n")));
    }

    /** The etcd-panel metric names a text (a scrape, a query) mentions. */
    static Set<String> mentionedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
