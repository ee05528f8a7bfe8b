package io.etcdpanel.etcd;

import java.nio.file.Path;

import io.etcdpanel.catalogue.EtcdVersion;

/** One etcd release this host has: its server, its tools ({@code etcdutl} is null before 3.5). */
public record EtcdRelease(EtcdVersion version, Path etcd, Path etcdctl, Path etcdutl) {

    /** The tool that reads and lays down snapshots: etcdutl (3.6 dropped {@code etcdctl snapshot restore}), etcdctl on 3.4. */
    public Path snapshotTool() {
        return etcdutl != null ? etcdutl : etcdctl;
    }

    boolean sameMinor(EtcdVersion other) {
        return version.major() == other.major() && version.minor() == other.minor();
    }
}
