package io.etcdpanel.runtime;

/**
 * A member as the runtime holds it: its addresses, whether its process runs, whether it has
 * an etcd data directory (a member that had data and lost it must be replaced, not restarted),
 * and the etcd release it was last started on ({@code version}, null before its first start).
 */
public record MemberInstance(String name, String peerUrl, String clientUrl, boolean running, boolean hasData, boolean started,
        String version) {
}
