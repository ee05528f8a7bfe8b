package io.etcdpanel.etcd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Owns where the panel looks for etcd releases: the tools cache {@code bin/etcd-tools} fills (one {@code etcd-<version>}
 * directory a release), extra etcd binaries (their etcdctl and etcdutl beside them), and how long {@code etcd --version} may take.
 */
@ConfigurationProperties("etcdpanel.releases")
public record EtcdReleaseProperties(
        Path toolsDir,
        @DefaultValue List<Path> etcdPaths,
        @DefaultValue("5s") Duration versionTimeout) {
}
