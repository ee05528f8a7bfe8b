package io.etcdpanel.runtime.kubernetes.desired;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member's etcd configuration file ({@code etcd --config-file}): the values, and the YAML text etcd
 * reads. Strings are written quoted, numbers and booleans bare: etcd decodes the file into typed fields and refuses a
 * quoted {@code quota-backend-bytes} or a bare-number {@code auto-compaction-retention} (checked on 3.4.23).
 */
public record MemberConfig(
        String name,
        String dataDir,
        String listenClientUrls,
        String advertiseClientUrls,
        String listenPeerUrls,
        String initialAdvertisePeerUrls,
        String initialCluster,
        String initialClusterState,
        String initialClusterToken,
        long quotaBackendBytes,
        String autoCompactionMode,
        String autoCompactionRetention) {

    /** The file's keys and values, in the file's order. */
    public Map<String, Object> entries() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("name", name);
        entries.put("data-dir", dataDir);
        entries.put("listen-client-urls", listenClientUrls);
        entries.put("advertise-client-urls", advertiseClientUrls);
        entries.put("listen-peer-urls", listenPeerUrls);
        entries.put("initial-advertise-peer-urls", initialAdvertisePeerUrls);
        entries.put("initial-cluster", initialCluster);
        entries.put("initial-cluster-state", initialClusterState);
        entries.put("initial-cluster-token", initialClusterToken);
        entries.put("quota-backend-bytes", quotaBackendBytes);
        entries.put("auto-compaction-mode", autoCompactionMode);
        entries.put("auto-compaction-retention", autoCompactionRetention);
        // a configuration file turns the JSON gateway (/v3/...) off unless it says otherwise; the flags leave it on
        entries.put("enable-grpc-gateway", true);
        entries.put("logger", "zap");
        return entries;
    }

    /** The file's text: {@code key: value} lines. */
    public String toYaml() {
        StringBuilder yaml = new StringBuilder();
        entries().forEach((key, value) -> yaml.append(key).append(": ")
                .append(value instanceof Number || value instanceof Boolean ? value.toString() : quoted((String) value)).append('\n'));
        return yaml.toString();
    }

    /** The same member somewhere else than a pod (a test on this host): other data dir and URLs. */
    public MemberConfig relocated(String newDataDir, String clientUrl, String peerUrl, String newInitialCluster) {
        return new MemberConfig(name, newDataDir, clientUrl, clientUrl, peerUrl, peerUrl, newInitialCluster,
                initialClusterState, initialClusterToken, quotaBackendBytes, autoCompactionMode, autoCompactionRetention);
    }

    /** The {@code key: value} lines of a file {@link #toYaml} wrote, values unquoted. */
    static Map<String, String> read(String yaml) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : yaml.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                values.put(line.substring(0, colon), unquoted(line.substring(colon + 2).trim()));
            }
        }
        return values;
    }

    private static String unquoted(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** A YAML double-quoted scalar: JSON's escapes, which YAML shares. */
    static String quoted(String value) {
        if (value == null) {
            return "\"\"";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
