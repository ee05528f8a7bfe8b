package io.etcdpanel.runtime.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Owns the on-disk layout of one local member: its record, etcd data dir, log and pid file. */
record MemberDirectory(Path root) {

    String memberName() {
        return root.getFileName().toString();
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path logFile() {
        return root.resolve("etcd.log");
    }

    Path pidFile() {
        return root.resolve("etcd.pid");
    }

    Path recordFile() {
        return root.resolve("member.properties");
    }

    boolean hasData() {
        return Files.isDirectory(dataDir().resolve("member"));
    }
}
